package tokenfile

import (
	"fmt"
	"strings"
)

// InputError is a defect in an input file, found before any request.
type InputError struct {
	// File is the path (or name) of the file.
	File string
	// Line is the 1-based line (for CSV, the row; the header is row 1), or
	// 0 when the defect spans lines (a *DuplicateKeyError).
	Line int
	// Field is the field at fault, or "" when the line as a whole is.
	Field string
	// Err says what is wrong and how to fix it.
	Err error
}

// Error reads "paymenttokens: FILE:LINE: field FIELD: reason", without
// ":LINE" when Line is 0.
func (e *InputError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "paymenttokens: %s", e.File)
	if e.Line != 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// DuplicateKeyError is the cause of an [InputError] refusing a file in
// which two tokens have one key (or one PaymentTokenID): an import could not
// tell which one the target should hold.
type DuplicateKeyError struct {
	// Key is the shared key, as [Key.Of] renders it.
	Key string
	// First and Second are the lines of the two tokens.
	First, Second int
}

// Error names both lines and the key.
func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("lines %d and %d have the same key %s; keep one of them or choose key fields that tell them apart",
		e.First, e.Second, e.Key)
}

// readError is a failure to read file (not a defect of it); its message
// carries the package prefix once, when err (from a reader that checks
// the file, say) has one already.
type readError struct {
	file string
	err  error
}

// Error reads "paymenttokens: reading FILE: cause".
func (e *readError) Error() string {
	return "paymenttokens: reading " + e.file + ": " + strings.TrimPrefix(e.err.Error(), "paymenttokens: ")
}

// Unwrap returns the cause.
func (e *readError) Unwrap() error { return e.err }
