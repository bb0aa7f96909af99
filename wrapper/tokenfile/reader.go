package tokenfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// MaxRecordBytes is the most bytes one line of a JSONL file, or one record
// of a CSV file or id map (all its lines), may hold, line break included:
// reading never buffers more, whatever the file. A token takes far fewer.
const MaxRecordBytes = 64 << 10

// MaxCellBytes is the most bytes one CSV cell may hold once unquoted, far
// more than the longest value the API stores (50 characters).
const MaxCellBytes = 1 << 10

// Record is one token read from a file, with its line.
type Record struct {
	// Line is the 1-based line (for CSV, the line its record starts on; the
	// header is line 1).
	Line int
	// Token is the token as the file gives it.
	Token wrapper.PaymentToken
}

// Reader reads tokens from a file one at a time, strictly: a defect is an
// *InputError naming the file, line and field.
type Reader struct {
	name    string
	format  Format
	lines   *bufio.Scanner // JSONL
	members []member       // JSONL: the line's, reused
	line    int
	csv     *csvReader
	header  []field // CSV columns, read with the first record
	err     error   // the error that ended the reading (Broken), returned again by Next
}

// NewReader reads tokens in format f from r; name (the file's path) is
// used in errors.
func NewReader(r io.Reader, f Format, name string) (*Reader, error) {
	if r == nil {
		return nil, errors.New("paymenttokens: the io.Reader is nil; pass the tokens to read")
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	rd := &Reader{name: name, format: f}
	if f == JSONL {
		rd.lines = bufio.NewScanner(r)
		rd.lines.Buffer(make([]byte, 0, 4096), MaxRecordBytes)
		return rd, nil
	}
	rd.csv = newCSVReader(r)
	return rd, nil
}

// Next returns the next token, or io.EOF after the last. After an
// *InputError about one record Next goes on with the next record, so that
// one pass finds every defect of a file; after an error that leaves the
// rest unreadable (Broken: a CSV header or record broken mid-way, a line
// over MaxRecordBytes, a failed read) it returns that error again.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	if r.format == JSONL {
		return r.nextJSON()
	}
	return r.nextCSV()
}

// Broken reports whether the last error of Next ended the reading: no
// record after it can be read.
func (r *Reader) Broken() bool { return r.err != nil }

// broke records err as the end of the reading and returns it.
func (r *Reader) broke(err error) error {
	r.err = err
	return err
}

// fail builds an *InputError at the current line.
func (r *Reader) fail(field string, err error) error {
	return &InputError{File: r.name, Line: r.line, Field: field, Err: err}
}

func (r *Reader) nextJSON() (Record, error) {
	for r.lines.Scan() {
		r.line++
		b := bytes.TrimSpace(r.lines.Bytes())
		if len(b) == 0 {
			continue
		}
		if bad := utf8Defect(r.lines.Bytes(), "line"); bad != nil {
			return Record{}, r.fail(invalidUTF8Field(b), bad)
		}
		t, err := r.parseJSON(b)
		if err != nil {
			return Record{}, err
		}
		return Record{Line: r.line, Token: t}, nil
	}
	if err := r.lines.Err(); err != nil {
		r.line++
		if errors.Is(err, bufio.ErrTooLong) {
			return Record{}, r.broke(r.fail("", fmt.Errorf("the line is longer than %d bytes; a token line is far shorter", MaxRecordBytes)))
		}
		return Record{}, r.broke(&readError{file: r.name, err: err})
	}
	return Record{}, io.EOF
}

// parseJSON reads one line's token object.
func (r *Reader) parseJSON(b []byte) (wrapper.PaymentToken, error) {
	var t wrapper.PaymentToken
	members, err := objectMembers(b, r.members[:0])
	if err != nil {
		return t, r.fail("", err)
	}
	r.members = members
	for i, m := range members {
		f, ok := fieldByName[m.name]
		if !ok {
			return t, r.fail(nameForError(m.name), fmt.Errorf("unknown field; the fields are %s (exact case)", fieldList()))
		}
		// The members before are known fields: a dozen at most.
		if slices.ContainsFunc(members[:i], func(p member) bool { return p.name == m.name }) {
			return t, r.fail(m.name, errors.New("the field appears twice in the object; keep one"))
		}
		if err := f.setJSON(&t, m.value); err != nil {
			return t, r.fail(m.name, err)
		}
	}
	return t, nil
}

// invalidUTF8Field names the field whose value holds bytes that are not
// UTF-8 in the JSON object b: none when a name holds them or b is broken.
func invalidUTF8Field(b []byte) string {
	members, _ := objectMembers(b, nil)
	if i := slices.IndexFunc(members, func(m member) bool { return !utf8.Valid(m.value) }); i >= 0 {
		return members[i].name
	}
	return ""
}

func (r *Reader) nextCSV() (Record, error) {
	if r.header == nil {
		if err := r.readHeader(); err != nil {
			return Record{}, r.broke(err)
		}
	}
	line, row, err := r.csv.next()
	if err == io.EOF {
		return Record{}, err
	}
	if err != nil {
		return Record{}, r.broke(r.csvFail(err))
	}
	r.line = line
	if len(row) != len(r.header) {
		return Record{}, r.fail("", fmt.Errorf("the row has a different number of cells than the header (%d)", len(r.header)))
	}
	var t wrapper.PaymentToken
	for i, f := range r.header {
		if err := f.setCell(&t, row[i]); err != nil {
			return Record{}, r.fail(f.name, err)
		}
	}
	return Record{Line: r.line, Token: t}, nil
}

// readHeader reads the CSV header: known field names, each at most once.
func (r *Reader) readHeader() error {
	line, names, err := r.csv.header()
	if err == io.EOF {
		r.line = 1
		return r.fail("", fmt.Errorf("the file is empty; a CSV token file starts with a header row of field names (%s)", fieldList()))
	}
	if err != nil {
		return r.csvFail(err)
	}
	r.line = line
	header := make([]field, 0, len(names))
	for _, name := range names {
		f, ok := fieldByName[name]
		if !ok {
			return r.fail(nameForError(name), fmt.Errorf("unknown column in the header; the columns are %s (exact case, any order, a subset is allowed)", fieldList()))
		}
		if slices.ContainsFunc(header, func(h field) bool { return h.name == name }) {
			return r.fail(name, errors.New("the column appears twice in the header"))
		}
		header = append(header, f)
	}
	r.header = header
	return nil
}

// csvFail turns an error of the CSV reader into an *InputError at its line
// and column.
func (r *Reader) csvFail(err error) error {
	columns := make([]string, len(r.header))
	for i, f := range r.header {
		columns[i] = f.name
	}
	return csvInputError(err, r.name, columns)
}

// utf8Defect refuses b (the file's whole "line" or "value") unless it is
// valid UTF-8, saying where it is not.
func utf8Defect(b []byte, what string) error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		c, size := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && size == 1 {
			return fmt.Errorf("not valid UTF-8: byte 0x%02X at byte %d of the %s; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)", b[i], i+1, what)
		}
		i += size
	}
	return nil // not reached: b is not valid
}

// nameForError returns a name read from a file for an error message: as is
// when it is short and printable, else quoted, so that no control
// character reaches a terminal.
func nameForError(name string) string {
	if name != "" && len(name) <= 40 && strings.IndexFunc(name, func(c rune) bool { return !strconv.IsPrint(c) }) < 0 {
		return name
	}
	return quoteShort(name)
}

// fieldList is the field names for error messages.
func fieldList() string {
	return fmt.Sprint(FieldNames())
}
