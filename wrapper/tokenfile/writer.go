package tokenfile

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// Writer writes tokens to a file in one format. CSV files get a header of
// every field name; zero fields are empty cells (CSV) or left out (JSONL).
// A CSV string cell that a spreadsheet would run as a formula is written
// after one quote ('), which Reader removes (see the package's Files).
type Writer struct {
	format Format
	buf    *bufio.Writer
	csv    *csv.Writer
	row    []string
	json   *json.Encoder
}

// NewWriter writes tokens in format f to w; call Flush at the end.
func NewWriter(w io.Writer, f Format) (*Writer, error) {
	if w == nil {
		return nil, errors.New("paymenttokens: the io.Writer is nil; pass where the tokens go")
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	wr := &Writer{format: f, buf: bufio.NewWriter(w)}
	if f == JSONL {
		wr.json = json.NewEncoder(wr.buf)
		wr.json.SetEscapeHTML(false)
		return wr, nil
	}
	wr.csv = csv.NewWriter(wr.buf)
	wr.row = make([]string, len(fields))
	if err := wr.csv.Write(FieldNames()); err != nil {
		return nil, fmt.Errorf("paymenttokens: writing the CSV header: %w", err)
	}
	return wr, nil
}

// Write writes one token.
func (w *Writer) Write(t wrapper.PaymentToken) error {
	if w.format == JSONL {
		if err := w.json.Encode(t); err != nil {
			return fmt.Errorf("paymenttokens: writing token %d: %w", t.PaymentTokenID, err)
		}
		return nil
	}
	for i, f := range fields {
		w.row[i] = f.cell(&t)
	}
	if err := w.csv.Write(w.row); err != nil {
		return fmt.Errorf("paymenttokens: writing token %d: %w", t.PaymentTokenID, err)
	}
	return nil
}

// Flush writes what is buffered to the underlying writer.
func (w *Writer) Flush() error {
	if w.csv != nil {
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return fmt.Errorf("paymenttokens: writing: %w", err)
		}
	}
	if err := w.buf.Flush(); err != nil {
		return fmt.Errorf("paymenttokens: writing: %w", err)
	}
	return nil
}
