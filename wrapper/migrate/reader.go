package migrate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// maxLineBytes caps one line of a JSONL file; a token is far smaller.
const maxLineBytes = 64 << 10

// Record is one token read from a file, with its line.
type Record struct {
	// Line is the 1-based line (for CSV, the row; the header is row 1).
	Line int
	// Token is the token as the file gives it.
	Token wrapper.PaymentToken
}

// Reader reads tokens from a file one at a time, strictly: a defect is an
// *InputError naming the file, line and field.
type Reader struct {
	name   string
	format Format
	lines  *bufio.Scanner // JSONL
	line   int
	csv    *csv.Reader
	header []field // CSV columns, read with the first record
}

// NewReader reads tokens in format f from r; name (the file's path) is
// used in errors.
func NewReader(r io.Reader, f Format, name string) (*Reader, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	rd := &Reader{name: name, format: f}
	if f == JSONL {
		rd.lines = bufio.NewScanner(r)
		rd.lines.Buffer(make([]byte, 0, 4096), maxLineBytes)
		return rd, nil
	}
	rd.csv = csv.NewReader(r)
	rd.csv.ReuseRecord = true
	return rd, nil
}

// Next returns the next token, or io.EOF after the last.
func (r *Reader) Next() (Record, error) {
	if r.format == JSONL {
		return r.nextJSON()
	}
	return r.nextCSV()
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
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
			return Record{}, r.fail("", errors.New("not a JSON object; each line must hold one token object such as {\"GatewayID\":1,\"PaymentProfileID\":\"...\"}"))
		}
		var t wrapper.PaymentToken
		for _, name := range sortedKeys(obj) {
			f, ok := fieldByName[name]
			if !ok {
				return Record{}, r.fail(name, fmt.Errorf("unknown field; the fields are %s (exact case)", fieldList()))
			}
			if err := f.setJSON(&t, obj[name]); err != nil {
				return Record{}, r.fail(name, err)
			}
		}
		return Record{Line: r.line, Token: t}, nil
	}
	if err := r.lines.Err(); err != nil {
		r.line++
		if errors.Is(err, bufio.ErrTooLong) {
			return Record{}, r.fail("", fmt.Errorf("the line is longer than %d bytes; a token line is far shorter", maxLineBytes))
		}
		return Record{}, fmt.Errorf("paymenttokens: reading %s: %w", r.name, err)
	}
	return Record{}, io.EOF
}

func (r *Reader) nextCSV() (Record, error) {
	if r.header == nil {
		if err := r.readHeader(); err != nil {
			return Record{}, err
		}
	}
	row, err := r.csv.Read()
	if err != nil {
		return Record{}, r.csvError(err)
	}
	r.line, _ = r.csv.FieldPos(0)
	var t wrapper.PaymentToken
	for i, f := range r.header {
		if err := f.setText(&t, row[i]); err != nil {
			return Record{}, r.fail(f.name, err)
		}
	}
	return Record{Line: r.line, Token: t}, nil
}

// readHeader reads the CSV header: known field names, each at most once.
func (r *Reader) readHeader() error {
	row, err := r.csv.Read()
	if err == io.EOF {
		r.line = 1
		return r.fail("", fmt.Errorf("the file is empty; a CSV token file starts with a header row of field names (%s)", fieldList()))
	}
	if err != nil {
		return r.csvError(err)
	}
	r.line = 1
	header := make([]field, 0, len(row))
	for i, name := range row {
		if i == 0 {
			name = string(bytes.TrimPrefix([]byte(name), []byte("\ufeff"))) // a BOM from spreadsheet software
		}
		f, ok := fieldByName[name]
		if !ok {
			return r.fail(name, fmt.Errorf("unknown column in the header; the columns are %s (exact case, any order, a subset is allowed)", fieldList()))
		}
		if slices.ContainsFunc(header, func(h field) bool { return h.name == name }) {
			return r.fail(name, errors.New("the column appears twice in the header"))
		}
		header = append(header, f)
	}
	r.header = header
	return nil
}

// csvError turns a csv error into an *InputError at its line.
func (r *Reader) csvError(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		r.line = pe.Line
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return r.fail("", fmt.Errorf("the row has a different number of cells than the header (%d)", len(r.header)))
		}
		return r.fail("", fmt.Errorf("malformed CSV: %w", pe.Err))
	}
	return fmt.Errorf("paymenttokens: reading %s: %w", r.name, err)
}

// sortedKeys returns the keys of m in order, so that errors are reproducible.
func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fieldList is the field names for error messages.
func fieldList() string {
	return fmt.Sprint(FieldNames())
}
