package migrate

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSomeFailed is matched (errors.Is) by the error Import returns when the
// run finished but some tokens were not written; Result.Failures lists them.
var ErrSomeFailed = errors.New("some tokens failed")

// ErrInterrupted is matched by the error Import returns when its context
// ended or ImportOptions.Drain was closed before the run finished; run it
// again with the same journal to finish.
var ErrInterrupted = errors.New("import interrupted")

// ErrJournalMismatch is matched by the error Import returns when the journal
// was written for another file or key; use a new journal path.
var ErrJournalMismatch = errors.New("the journal belongs to another import")

// ErrPruneRefused is matched by the error Import returns, before any
// request, when pruning with this file could delete tokens it did not mean
// to: the file holds no token, or some token's key cannot be mapped.
var ErrPruneRefused = errors.New("prune refused")

// InputError is a defect in an input file, found before any request.
type InputError struct {
	// File is the path (or name) of the file.
	File string
	// Line is the 1-based line (for CSV, the row; the header is row 1).
	Line int
	// Field is the field at fault, or "" when the line as a whole is.
	Field string
	// Err says what is wrong and how to fix it.
	Err error
}

// Error reads "paymenttokens: FILE:LINE: field FIELD: reason".
func (e *InputError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "paymenttokens: %s:%d: ", e.File, e.Line)
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// DuplicateKeyError refuses a file in which two tokens have one key (or one
// PaymentTokenID): the import could not tell which one the target should hold.
type DuplicateKeyError struct {
	// File is the path of the file.
	File string
	// Key is the shared key, as Key renders it.
	Key string
	// First and Second are the lines of the two tokens.
	First, Second int
}

// Error names the key and both lines.
func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("paymenttokens: %s: lines %d and %d have the same key %s; keep one of them or choose key fields that tell them apart",
		e.File, e.First, e.Second, e.Key)
}
