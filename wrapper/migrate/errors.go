package migrate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// ErrSomeFailed is matched (errors.Is) by the error Import returns when the
// run finished but some tokens were not written; ImportResult.Failures lists them.
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

// ErrJournalBusy is matched by the error Import returns, before any
// request, when another import holds the journal: one import runs per
// journal at a time. A lock dies with its process, so a killed run does not
// leave one behind.
var ErrJournalBusy = errors.New("the journal is locked by another import")

// ErrStoreBusy is matched by the error Import returns, before any request,
// when another import into the same store runs on this machine as this
// user, whatever its journal: two imports at once cannot see each other's
// creates, and would create the same tokens twice.
var ErrStoreBusy = errors.New("another import into this store is running")

// ErrJournalDamaged is matched by the error Import returns, before any
// request, when a record of the journal is unreadable (other than a last
// one cut short by a crash in the middle of its write, which is dropped).
var ErrJournalDamaged = errors.New("the journal is damaged")

// ErrPathRefused is matched by the error Import returns, before any request
// and without touching a file, when the journal or the id map path could
// overwrite what it must not (the token file, a protected file, each other,
// an existing file that is not a journal or an id map) or cannot be written.
var ErrPathRefused = safefile.ErrRefused

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
