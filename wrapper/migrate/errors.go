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

// ErrSourceChanged is matched by the error Import (and Diff) returns when
// the token file changed during the run: it grew, shrank, was replaced, or
// its bytes differ from those the check pass read. Import stops before it
// writes any token read after the change: nothing is written twice, and
// the journal holds what was done, so the same import run again on the
// file as it was checked finishes the job.
var ErrSourceChanged = errors.New("the token file changed while it was being read")

// ErrJournalMismatch is matched by the error Import returns, before any
// request, when the journal was written for another version of the file or
// other key fields. The error says whether a new journal is safe (every
// create it recorded is settled) or which creates must be settled first.
var ErrJournalMismatch = errors.New("the journal belongs to another import")

// ErrJournalStore is matched by the error Import returns, before any
// request, when the journal was written for another store: a journal
// serves one file, one key and one store.
var ErrJournalStore = errors.New("the journal belongs to another store")

// ErrJournalLocked is matched by the error Import returns, before any
// request, when another import holds the journal: one import runs per
// journal at a time. A lock dies with its process, so a killed run does not
// leave one behind.
var ErrJournalLocked = errors.New("the journal is locked by another import")

// ErrJournalDamaged is matched by the error Import returns, before any
// request, when a record of the journal is unreadable (other than a last
// one cut short by a crash in the middle of its write, which is dropped).
var ErrJournalDamaged = errors.New("the journal is damaged")

// ErrPathRefused is matched by the error Import returns, before any request
// and without touching a file, when the journal or the id map path could
// overwrite what it must not (the token file, a protected file, each other,
// an existing file that is not a journal or an id map) or cannot be written.
var ErrPathRefused = errors.New("path refused")

// ErrPruneRefused is matched by the error Import returns, before any
// write, when pruning with this file could delete tokens it did not mean
// to: the file holds no token, some token's key cannot be mapped, or the
// prune would delete more than ImportOptions.MaxDelete (a *PruneLimitError).
var ErrPruneRefused = errors.New("prune refused")

// PruneLimitError refuses a prune that would delete more tokens than
// ImportOptions.MaxDelete allows (by default a tenth of the target's). It
// matches ErrPruneRefused, in a real run and in a dry run alike.
type PruneLimitError struct {
	// Deletes is how many tokens the prune would delete.
	Deletes int
	// Tokens is how many tokens the target holds.
	Tokens int
	// Max is the limit: ImportOptions.MaxDelete, or a tenth of Tokens.
	Max int
}

// Error gives the numbers and how to go on.
func (e *PruneLimitError) Error() string {
	return fmt.Sprintf("paymenttokens: %v: it would delete %d of the target's %d tokens, more than the limit of %d; check that the file is complete (tokens missing from it are deleted from the store), and if these deletes are meant, allow them with ImportOptions.MaxDelete %d",
		ErrPruneRefused, e.Deletes, e.Tokens, e.Max, e.Deletes)
}

// Is matches ErrPruneRefused.
func (e *PruneLimitError) Is(target error) bool { return target == ErrPruneRefused }

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

// prefix begins every error message of the package, once.
const prefix = "paymenttokens: "

// contextError says what was being done when err happened; its message
// carries the package prefix once, however many layers add context.
type contextError struct {
	doing string
	err   error
}

// while wraps err with what was being done, for errors.Is and errors.As alike.
func while(err error, format string, args ...any) error {
	return &contextError{doing: fmt.Sprintf(format, args...), err: err}
}

// Error reads "paymenttokens: doing: cause".
func (e *contextError) Error() string { return prefix + e.doing + ": " + reason(e.err) }

// Unwrap returns the cause.
func (e *contextError) Unwrap() error { return e.err }

// reason is err's message without the package prefix, to quote inside another message.
func reason(err error) string { return strings.TrimPrefix(err.Error(), prefix) }
