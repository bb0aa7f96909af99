package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// Journal events: a probe token's key is recorded "creating" before its
// create is sent, "created" with its id once the store answered, and
// "removed" once it is gone (or certainly never made).
const (
	evCreating = "creating"
	evCreated  = "created"
	evRemoved  = "removed"
)

// events are the journal's events.
var events = []string{evCreating, evCreated, evRemoved}

// entry is one line of the journal (JSON Lines).
type entry struct {
	Store string `json:"store"` // the client's StoreDigest
	Event string `json:"event"`
	Key   string `json:"key"` // the probe token's PaymentProfileID
	ID    int32  `json:"id,omitempty"`
	// At is when the event was recorded: a create whose outcome is unknown
	// is looked for until Options.Settle has passed since it was sent.
	At time.Time `json:"at"`
}

// journal records the probe tokens a probe makes, each line synced before
// the write it announces is sent, so that a run killed at any point leaves
// enough for the next run to remove what it made.
type journal struct {
	path    string
	store   string
	f       *os.File
	pending []entry // not yet removed, of every store, in the order first recorded
}

// maxJournalBytes bounds the journal read: one holds a line per probe
// token not yet removed, a few hundred bytes each.
const maxJournalBytes = 16 << 20

// loadJournal reads what earlier runs left at path (a torn last entry, one
// without its newline, is ignored: its write was never sent); it does not
// create the file. Anything but a regular file of probe journal entries is
// ErrNotAJournal.
func loadJournal(path, store string) (*journal, error) {
	j := &journal{path: path, store: store}
	var bad error
	ok, err := safefile.MayReplace(path, maxJournalBytes, true, func(data []byte) bool {
		bad = j.parse(data)
		return bad == nil
	})
	switch {
	case errors.Is(err, safefile.ErrNotRegular):
		return nil, fmt.Errorf("paymenttokens: probe: %w: %s is not a regular file; it was left as it is: give the journal a path of its own", ErrNotAJournal, path)
	case errors.Is(err, safefile.ErrTooLarge):
		return nil, fmt.Errorf("paymenttokens: probe: %w: %s is %v; it was left as it is: give the journal a path of its own", ErrNotAJournal, path, err)
	case err != nil:
		return nil, fmt.Errorf("paymenttokens: probe journal %s: %w", path, err)
	case !ok:
		return nil, bad
	}
	return j, nil
}

// parse folds the journal's entries, refusing a line that is not one.
func (j *journal) parse(data []byte) error {
	for n := 1; len(data) > 0; n++ {
		line, rest, complete := bytes.Cut(data, []byte("\n"))
		data = rest
		var e entry
		switch {
		case json.Unmarshal(line, &e) == nil && strings.HasPrefix(e.Key, Marker) && slices.Contains(events, e.Event):
			j.fold(e)
		case !complete && bytes.HasPrefix(line, []byte(`{"store":`)):
			// a torn last entry
		default:
			return fmt.Errorf("paymenttokens: probe: %w: %s, line %d; it was left as it is: give the journal a path of its own", ErrNotAJournal, j.path, n)
		}
	}
	return nil
}

// openJournal opens the journal for appending, locked for the run (the lock
// dies with the process), then reads it as loadJournal does.
func openJournal(path, store string) (*journal, error) {
	if _, err := loadJournal(path, store); err != nil { // before the open, which a named pipe could block
		return nil, err
	}
	f, state, err := safefile.OpenLocked(func() (*os.File, error) {
		return os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	})
	switch {
	case errors.Is(err, errors.ErrUnsupported): // no lock on this system: go on without
	case state == safefile.Busy && err == nil:
		return nil, fmt.Errorf("paymenttokens: probe: %w: %s; wait for that probe to end, or give this one a --journal of its own", ErrJournalBusy, path)
	case errors.Is(err, safefile.ErrRemoved):
		return nil, fmt.Errorf("paymenttokens: probe: %w: %s was %v", ErrJournalBusy, path, err)
	case err != nil:
		return nil, fmt.Errorf("paymenttokens: probe journal %s: %w", path, err)
	}
	j, err := loadJournal(path, store)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	j.f = f
	return j, nil
}

// fold applies one event to the pending entries.
func (j *journal) fold(e entry) {
	i := slices.IndexFunc(j.pending, func(p entry) bool { return p.Store == e.Store && p.Key == e.Key })
	switch {
	case e.Event == evRemoved && i >= 0:
		j.pending = slices.Delete(j.pending, i, i+1)
	case e.Event == evRemoved:
	case i >= 0:
		if e.ID > 0 {
			j.pending[i].ID = e.ID
		}
		if e.Event == evCreating {
			j.pending[i].At = e.At
		}
	default:
		j.pending = append(j.pending, e)
	}
}

// left returns the entries of this store that earlier runs did not remove.
func (j *journal) left() []entry {
	var out []entry
	for _, e := range j.pending {
		if e.Store == j.store {
			out = append(out, e)
		}
	}
	return out
}

// record appends an event and syncs it to disk before returning.
func (j *journal) record(event, key string, id int32) error {
	e := entry{Store: j.store, Event: event, Key: key, ID: id, At: time.Now().UTC()}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("paymenttokens: probe journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("paymenttokens: probe journal %s: %w", j.path, err)
	}
	j.fold(e)
	return nil
}

// close removes the journal when nothing is pending, else rewrites it with
// only the pending entries (atomically, as every file of the tool).
func (j *journal) close() error {
	if len(j.pending) == 0 {
		safefile.RemoveLocked(j.f)
		return nil
	}
	var buf bytes.Buffer
	for _, e := range j.pending {
		line, _ := json.Marshal(e) // an entry always marshals
		buf.Write(append(line, '\n'))
	}
	if !safefile.MoveWhileOpen { // such a system replaces no file that is open
		_ = j.f.Close()
	}
	err := safefile.WriteFile(j.path, buf.Bytes()) // under the lock where the system allows
	_ = j.f.Close()
	return err
}
