package tokenfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// csvReader reads RFC 4180 records exactly and within bounds, for token
// files and id maps alike. Unlike encoding/csv it keeps every byte of a
// quoted value (encoding/csv turns a quoted CR LF into LF, so a value would
// not round-trip), stops at a record over MaxRecordBytes or a cell over
// MaxCellBytes as soon as it gets there (memory stays bounded whatever the
// file), and refuses a cell that is not valid UTF-8. A BOM at the start is
// skipped, blank lines are skipped, and LF or CR LF ends a record outside
// quotes.
type csvReader struct {
	in    *bufio.Reader
	line  int      // the lines consumed
	buf   []byte   // the record's cells, unquoted, one after another
	ends  []int    // where each cell ends in buf
	cells []string // the last record's cells
}

// csvError is a defect of one record.
type csvError struct {
	line int // where the record starts
	cell int // the 0-based cell at fault; -1 for the record as a whole
	err  error
}

func (e *csvError) Error() string { return e.err.Error() }

// csvInputError turns an error of csvReader into an *InputError in file,
// naming the cell at fault by its column (columns is nil for the header
// row, whose cells are numbered); an error of reading is wrapped, and
// io.EOF passes.
func csvInputError(err error, file string, columns []string) error {
	var ce *csvError
	if !errors.As(err, &ce) {
		if err == io.EOF {
			return err
		}
		return &readError{file: file, err: err}
	}
	ie := &InputError{File: file, Line: ce.line, Err: ce.err}
	switch {
	case ce.cell >= len(columns):
		ie.Err = fmt.Errorf("cell %d: %w", ce.cell+1, ce.err)
	case ce.cell >= 0:
		ie.Field = columns[ce.cell]
	}
	return ie
}

var utf8BOM = []byte("\ufeff")

func newCSVReader(r io.Reader) *csvReader {
	in := bufio.NewReader(r)
	if b, _ := in.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = in.Discard(len(utf8BOM)) // spreadsheet software writes one
	}
	return &csvReader{in: in}
}

// header reads the header row: its names, with the spaces around each
// trimmed; io.EOF when the input is empty.
func (r *csvReader) header() (line int, names []string, err error) {
	line, cells, err := r.next()
	if err != nil {
		return line, nil, err
	}
	names = make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.TrimSpace(c)
	}
	return line, names, nil
}

// The states of the record parser.
const (
	atCell     = iota // at the start of a cell
	inBare            // in an unquoted cell
	inQuotes          // in a quoted cell
	afterQuote        // after a quote in a quoted cell: it closes the cell or is doubled
	afterCR           // after a CR outside quotes: LF ends the record
)

// record is the parse of one record in progress.
type record struct {
	r        *csvReader
	start    int  // the line the record starts on
	size     int  // its bytes so far
	state    int  // one of the states above
	quoted   bool // the cell was quoted (after a CR: nothing may follow but LF)
	content  bool // anything but a line break was read: the line is not blank
	cellFrom int  // where the current cell starts in buf
}

// next reads the next record: the line it starts on and its cells, valid
// until the next call; io.EOF after the last.
func (r *csvReader) next() (line int, cells []string, err error) {
	r.buf, r.ends = r.buf[:0], r.ends[:0]
	p := &record{r: r, start: r.line + 1}
	for {
		chunk, rerr := r.in.ReadSlice('\n')
		for _, c := range chunk {
			done, err := p.feed(c)
			if err != nil {
				return p.start, nil, err
			}
			if done {
				return p.start, r.split(), nil
			}
		}
		switch {
		case errors.Is(rerr, bufio.ErrBufferFull):
			continue
		case errors.Is(rerr, io.EOF):
			if !p.content {
				return p.start, nil, io.EOF
			}
			if p.state == inQuotes {
				return p.start, nil, p.fail(len(r.ends), errors.New(`malformed CSV: the quoted value is not closed before the end of the file; end it with "`))
			}
			if err := p.endCell(); err != nil {
				return p.start, nil, err
			}
			return p.start, r.split(), nil
		case rerr != nil:
			return p.start, nil, rerr
		}
	}
}

// feed parses one byte; done is true at the end of a record.
func (p *record) feed(c byte) (done bool, err error) {
	if p.size++; p.size > MaxRecordBytes {
		return false, p.fail(-1, fmt.Errorf("the record is longer than %d bytes, the most one may hold", MaxRecordBytes))
	}
	if c == '\n' {
		p.r.line++
	}
	switch p.state {
	case atCell, inBare:
		return p.bare(c)
	case inQuotes:
		if c == '"' {
			p.state = afterQuote
			return false, nil
		}
		return false, p.add(c)
	case afterQuote:
		switch c {
		case '"':
			p.state = inQuotes
			return false, p.add('"')
		case ',', '\n':
			return p.bare(c)
		case '\r':
			p.state = afterCR
			return false, nil
		}
		return false, p.fail(len(p.r.ends), errors.New(`malformed CSV: a character follows the closing quote; a quoted value ends at a comma or the end of the line (write a quote inside it as "")`))
	}
	// afterCR
	if c == '\n' {
		return p.bare(c)
	}
	if p.quoted {
		return false, p.fail(len(p.r.ends), errors.New("malformed CSV: a carriage return follows the closing quote; put it inside the quotes"))
	}
	p.content = true
	if err := p.add('\r'); err != nil { // a CR inside an unquoted value is data
		return false, err
	}
	p.state = inBare
	return p.bare(c)
}

// bare parses a byte outside quotes.
func (p *record) bare(c byte) (done bool, err error) {
	switch c {
	case ',':
		p.content = true
		p.state = atCell
		return false, p.endCell()
	case '\n':
		if !p.content { // a blank line
			p.r.buf, p.r.ends = p.r.buf[:0], p.r.ends[:0]
			*p = record{r: p.r, start: p.r.line + 1}
			return false, nil
		}
		return true, p.endCell()
	case '\r':
		p.state = afterCR
		return false, nil
	case '"':
		if p.state == atCell {
			p.content, p.quoted = true, true
			p.state = inQuotes
			return false, nil
		}
		return false, p.fail(len(p.r.ends), errors.New(`malformed CSV: a quote inside a value that is not quoted; quote the whole value and double the quote ("a""b")`))
	}
	p.content = true
	p.state = inBare
	return false, p.add(c)
}

// add appends a byte to the current cell.
func (p *record) add(c byte) error {
	if len(p.r.buf)-p.cellFrom >= MaxCellBytes {
		hint := fmt.Sprintf("the API stores at most %d characters", wrapper.MaxStringLen)
		if p.quoted && bytes.IndexByte(p.r.buf[p.cellFrom:], '\n') >= 0 {
			hint = "is a quoted value not closed?"
		}
		return p.fail(len(p.r.ends), fmt.Errorf("the value is longer than %d bytes, the most a cell may hold (%s)", MaxCellBytes, hint))
	}
	p.r.buf = append(p.r.buf, c)
	return nil
}

// endCell ends the current cell, refusing it unless it is valid UTF-8.
func (p *record) endCell() error {
	if err := utf8Defect(p.r.buf[p.cellFrom:], "value"); err != nil {
		return p.fail(len(p.r.ends), err)
	}
	p.r.ends = append(p.r.ends, len(p.r.buf))
	p.cellFrom = len(p.r.buf)
	p.quoted = false
	return nil
}

func (p *record) fail(cell int, err error) error {
	return &csvError{line: p.start, cell: cell, err: err}
}

// split cuts the record's cells out of one string.
func (r *csvReader) split() []string {
	s := string(r.buf)
	r.cells = r.cells[:0]
	from := 0
	for _, end := range r.ends {
		r.cells = append(r.cells, s[from:end])
		from = end
	}
	return r.cells
}
