package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// The journal is a file of JSON lines, each appended and synced before the
// import goes on: a begin record naming the target store (its digest), the
// file (its SHA-256) and the key fields; a run record per run (its process
// id); then for every create an intent (before the request is sent) and its
// outcome, and a record per update and delete. Every record holds the time
// it was written. It holds line numbers, key digests and ids: no token
// field, no credential.
const (
	opBegin   = "begin"
	opRun     = "run"
	opIntent  = "intent"  // a create of this key is about to be sent
	opCreated = "created" // the create succeeded with this id
	opMatched = "matched" // the key was found in the target after an unknown outcome
	opRefused = "refused" // the create was not applied: the API refused it, or it never reached the API
	opUpdated = "updated"
	opDeleted = "deleted"
)

// journalRecord is one line of the journal. Its fields are written in this
// order, which isRecordPrefix knows.
type journalRecord struct {
	Op     string `json:"op"`
	Store  string `json:"store,omitempty"`  // begin: the target store's digest
	Places string `json:"places,omitempty"` // begin: its places' digests, joined by commas (wrapper.Client.StorePlaces)
	Name   string `json:"name,omitempty"`   // begin: its name for a person (wrapper.Client.StoreName); absent in journals of older versions
	File   string `json:"file,omitempty"`   // begin: the file's SHA-256
	Key    string `json:"key,omitempty"`    // begin: the key fields; else the key's digest
	Line   int    `json:"line,omitempty"`
	ID     int32  `json:"id,omitempty"`
	PID    int    `json:"pid,omitempty"` // run: the process
	At     int64  `json:"at"`            // when it was written, in unix milliseconds
}

// pendingIntent is a create an earlier run announced and whose outcome the
// journal does not hold: it may or may not have been applied. The time its
// record holds is not kept: it was read from the earlier run's clock, which
// this run cannot trust (see admit).
type pendingIntent struct {
	line int // the token's line in the file
}

// journal appends durable records to a journal it holds locked.
type journal struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	sum     [sha256.Size]byte           // the file's digest the journal was opened for
	pending map[keyDigest]pendingIntent // intents of earlier runs without an outcome
	now     func() time.Time

	created bool  // this run created the file
	kept    int64 // its length before this run's begin and run records; -1 before they are written
	wrote   bool  // this run recorded an operation
}

// openJournal opens the journal at path, or creates it, for the target t,
// and locks it for the run: another import on it is refused with
// ErrJournalBusy. A journal written for another store, file or key is
// refused (see journalTarget.check), as is a file that is not a journal. A
// torn last record, from a crash in the middle of an append, is cut off.
func openJournal(path string, t journalTarget) (*journal, error) {
	for range safefile.Attempts {
		f, created, err := openOrCreate(path)
		if errors.Is(err, os.ErrExist) {
			continue // created by another run since the open failed: open it
		}
		if err != nil {
			return nil, unwritable(path, err)
		}
		j := &journal{f: f, path: path, sum: t.sum, created: created, kept: -1, now: time.Now}
		switch state, err := safefile.Lock(f); {
		case err != nil:
			j.close()
			return nil, while(err, "locking the journal %s", path)
		case state == safefile.Busy:
			_ = f.Close() // even one this run created: its holder owns it now
			return nil, lockedError(path)
		case state == safefile.Gone:
			_ = f.Close() // removed by the run that held it: open the file its path names now
			continue
		}
		if err := j.start(t); err != nil {
			j.close()
			return nil, err
		}
		return j, nil
	}
	return nil, fmt.Errorf("paymenttokens: %w: the journal %s was removed and created again %d times by other runs while this one opened it; let them end first", ErrJournalBusy, path, safefile.Attempts)
}

// openOrCreate opens path for reading and writing, creating it when there
// is none. Not in append mode: Windows cannot truncate such a file, and
// the lock makes this run the only writer, which appends at the end.
func openOrCreate(path string) (f *os.File, created bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		return f, err == nil, err
	}
	return f, false, err
}

// start reads and checks the locked journal, cuts a torn last record and
// appends the begin record (for a new journal) and this run's record.
func (j *journal) start(t journalTarget) error {
	st, err := readJournal(j.f, j.path)
	if err != nil {
		return err
	}
	if err := t.check(j.path, st); err != nil {
		return err
	}
	j.pending, j.kept = st.pending, st.valid
	if st.torn { // nothing was done after it: its append never returned
		if err := j.f.Truncate(st.valid); err != nil {
			return while(err, "cutting the torn last record of the journal %s", j.path)
		}
	}
	if _, err := j.f.Seek(st.valid, io.SeekStart); err != nil {
		return while(err, "reading the journal %s", j.path)
	}
	if st.begin == nil {
		begin := journalRecord{Op: opBegin, Store: t.store, Places: strings.Join(t.places, ","), Name: t.name, File: hex.EncodeToString(t.sum[:]), Key: t.key.Names()}
		if err := j.append(begin); err != nil {
			return err
		}
	}
	return j.append(journalRecord{Op: opRun, PID: os.Getpid()})
}

// inspectJournal checks the journal at path for the target t as
// openJournal would, for a dry run: it writes nothing and holds the lock
// only while it reads, so that a journal in use by an import is refused
// as the real run would be.
func inspectJournal(path string, t journalTarget) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := isFolder(filepath.Dir(path)); err != nil { // where the real run would start it
			return unwritable(path, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("paymenttokens: %w: the journal %s cannot be read (%v)", ErrPathRefused, path, safefile.Cause(err))
	}
	defer f.Close() // releases the lock
	if held, err := safefile.TryLock(f); err != nil {
		return while(err, "locking the journal %s", path)
	} else if !held {
		return lockedError(path) // the real run would be refused: say so now
	}
	st, err := readJournal(f, path)
	if err != nil {
		return err
	}
	return t.check(path, st)
}

// unwritable refuses a journal that cannot be written.
func unwritable(path string, err error) error {
	return fmt.Errorf("paymenttokens: %w: the journal %s cannot be written (%v); give the journal a path in a folder you can write", ErrPathRefused, path, safefile.Cause(err))
}

// lockedError says which run holds the journal, as far as its last run
// record tells.
func lockedError(path string) error {
	var who string
	if f, err := os.Open(path); err == nil {
		if st, err := readJournal(f, path); err == nil && st.lastRun != nil {
			who = fmt.Sprintf(" (pid %d, started %s)", st.lastRun.PID, time.UnixMilli(st.lastRun.At).Format(time.DateTime))
		}
		_ = f.Close()
	}
	return fmt.Errorf("paymenttokens: %w: %s is in use by another run of the import%s; one import runs per journal: wait for that one to end (or stop it), then run again",
		ErrJournalBusy, path, who)
}

// append writes records in one write and syncs them to disk before
// returning: one sync for the records of a whole array of creates. A crash
// mid-write leaves a torn last record, which the next run drops with the
// records after it; none of them was acted on, since the write never
// returned.
func (j *journal) append(recs ...journalRecord) error {
	at := j.now().UnixMilli()
	var buf []byte
	for _, rec := range recs {
		rec.At = at
		b, err := json.Marshal(rec)
		if err != nil {
			return while(err, "writing the journal")
		}
		buf = append(append(buf, b...), '\n')
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(buf); err != nil {
		return while(err, "writing the journal")
	}
	if err := j.f.Sync(); err != nil {
		return while(err, "syncing the journal")
	}
	return nil
}

// record appends operations on keys (or, with a zero digest, on ids), in
// one write and one sync.
func (j *journal) record(recs ...keyRecord) error {
	out := make([]journalRecord, len(recs))
	for i, r := range recs {
		out[i] = journalRecord{Op: r.op, Line: r.line, ID: r.id}
		if r.d != (keyDigest{}) {
			out[i].Key = hex.EncodeToString(r.d[:])
		}
	}
	j.mu.Lock()
	j.wrote = true
	j.mu.Unlock()
	return j.append(out...)
}

// keyRecord is an operation on a key for journal.record.
type keyRecord struct {
	op   string
	d    keyDigest
	line int
	id   int32
}

// sameFile refuses a file that changed between the journal's check and the
// file's: the journal would describe another file. A nil journal accepts.
func (j *journal) sameFile(sum [sha256.Size]byte) error {
	if j == nil || sum == j.sum {
		return nil
	}
	return fmt.Errorf("paymenttokens: %w: its SHA-256 differs from the one taken a moment before, as the import started; nothing was sent: run the import again once nothing writes it", ErrSourceChanged)
}

// close releases the journal. A run that recorded no operation leaves the
// file as it found it: it drops its begin and run records, and removes a
// journal it created.
func (j *journal) close() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.created && !j.wrote:
		safefile.RemoveLocked(j.f)
	case j.kept >= 0 && !j.wrote:
		_ = j.f.Truncate(j.kept)
		_ = j.f.Close()
	default:
		_ = j.f.Close()
	}
}

// parseDigest reads a key digest as the journal writes it.
func parseDigest(s string) (keyDigest, bool) {
	var d keyDigest
	if len(s) != hex.EncodedLen(len(d)) {
		return d, false
	}
	_, err := hex.Decode(d[:], []byte(s))
	return d, err == nil
}
