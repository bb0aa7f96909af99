package tokenfile

import (
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// formulaStarts are the first characters that make a spreadsheet run a cell
// as a formula (OWASP's list for CSV injection, with the line feed, which
// some spreadsheets skip like the carriage return), and the quote that
// escapes them: a string cell starting with one is written after one more quote.
const formulaStarts = "=+-@\t\r\n'"

// escapesFormula reports whether s starts with one of formulaStarts.
func escapesFormula(s string) bool {
	return s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0
}

// cell renders the field of t as a CSV cell: its text, a string a
// spreadsheet would run as a formula behind one quote.
func (f field) cell(t *wrapper.PaymentToken) string {
	s := f.text(t)
	if f.kind == kindString && escapesFormula(s) {
		return "'" + s
	}
	return s
}

// setCell parses a CSV cell into the field of t, removing the quote cell
// adds, so that the file reads back as the values it was written from.
func (f field) setCell(t *wrapper.PaymentToken, s string) error {
	if f.kind == kindString && strings.HasPrefix(s, "'") && escapesFormula(s[1:]) {
		s = s[1:]
	}
	return f.setText(t, s)
}
