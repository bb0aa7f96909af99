package probe

import "errors"

// ErrJournalBusy is returned by Run, before any request, when another
// probe holds the journal: two probes on one journal would remove each
// other's tokens as left behind.
var ErrJournalBusy = errors.New("the probe journal is in use by another probe")

// ErrNotAJournal is returned by Run, before any request, when the journal
// path names a file that is not a probe journal: it is left as it is (a
// probe removes its journal once empty, so it must never take another
// file for one).
var ErrNotAJournal = errors.New("not a probe journal")
