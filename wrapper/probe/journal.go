package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/filelock"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
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

// ErrNotAJournal is returned by Run, before any request, when the journal
// path names a file that is not a probe journal: it is left as it is (a
// probe removes its journal once empty, so it must never take another
// file for one).
var ErrNotAJournal = errors.New("not a probe journal")

// loadJournal reads what earlier runs left at path (a torn last entry, one
// without its newline, is ignored: its write was never sent); it does not
// create the file. Any other line that is not a probe journal entry makes
// the file ErrNotAJournal.
func loadJournal(path, store string) (*journal, error) {
	j := &journal{path: path, store: store}
	if err := checkRegular(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("paymenttokens: probe journal %s: %w", path, err)
	}
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
			return nil, fmt.Errorf("paymenttokens: probe: %w: %s, line %d; it was left as it is: give the journal a path of its own", ErrNotAJournal, path, n)
		}
	}
	return j, nil
}

// checkRegular refuses a journal path that names something other than a
// regular file (a folder, a named pipe, a device), before opening it.
func checkRegular(path string) error {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("paymenttokens: probe: %w: %s is not a regular file; it was left as it is: give the journal a path of its own", ErrNotAJournal, path)
	}
	return nil
}

// ErrJournalBusy is returned by Run, before any request, when another
// probe holds the journal: two probes on one journal would remove each
// other's tokens as left behind.
var ErrJournalBusy = errors.New("the probe journal is in use by another probe")

// openJournal opens the journal for appending, locked for the run (the lock
// dies with the process), then reads it as loadJournal does.
func openJournal(path, store string) (*journal, error) {
	if err := checkRegular(path); err != nil { // opening a named pipe could block
		return nil, err
	}
	f, state, err := filelock.OpenLocked(func() (*os.File, error) {
		return os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	})
	switch {
	case errors.Is(err, errors.ErrUnsupported): // no lock on this system: go on without
	case state == filelock.Busy && err == nil:
		return nil, fmt.Errorf("paymenttokens: probe: %w: %s; wait for that probe to end, or give this one a --journal of its own", ErrJournalBusy, path)
	case errors.Is(err, filelock.ErrRemoved):
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
		filelock.RemoveLocked(j.f)
		return nil
	}
	var buf bytes.Buffer
	for _, e := range j.pending {
		line, _ := json.Marshal(e) // an entry always marshals
		buf.Write(append(line, '\n'))
	}
	if !filelock.MoveWhileOpen { // such a system replaces no file that is open
		_ = j.f.Close()
	}
	err := migrate.WriteFileAtomic(j.path, buf.Bytes()) // under the lock where the system allows
	_ = j.f.Close()
	return err
}
