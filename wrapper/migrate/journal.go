package migrate

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// The journal is a file of JSON lines, each appended and synced before the
// import goes on: a begin record naming the file (its SHA-256) and the key
// fields, then for every create an intent (before the request is sent) and
// its outcome, and a record per update and delete. It holds line numbers,
// key digests and ids: no token field, no credential.
const (
	opBegin   = "begin"
	opIntent  = "intent"  // a create of this key is about to be sent
	opCreated = "created" // the create succeeded with this id
	opMatched = "matched" // the key was found in the target after an unknown outcome
	opUpdated = "updated"
	opDeleted = "deleted"
	opUnsent  = "unsent" // the create never reached the API
)

// journalRecord is one line of the journal.
type journalRecord struct {
	Op   string `json:"op"`
	File string `json:"file,omitempty"` // begin: the file's SHA-256
	Key  string `json:"key,omitempty"`  // begin: the key fields; else the key's digest
	Line int    `json:"line,omitempty"`
	ID   int32  `json:"id,omitempty"`
	At   int64  `json:"at,omitempty"` // when it was written, in Unix milliseconds
}

// pendingIntent is a create an earlier run sent without learning its outcome.
type pendingIntent struct {
	line   int
	sentAt time.Time
}

// journal appends durable records.
type journal struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	pending map[keyDigest]pendingIntent // intents of earlier runs without an outcome
}

// openJournal opens (or starts) the journal at path for the file with this
// digest and key. A torn last record, from a crash in the middle of an
// append, is cut off; any other unreadable record is an error.
func openJournal(path string, sum []byte, key keyer) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: opening the journal: %w", err)
	}
	j := &journal{f: f, path: path, pending: map[keyDigest]pendingIntent{}}
	begin := journalRecord{Op: opBegin, File: hex.EncodeToString(sum), Key: key.names()}
	valid, sawBegin, err := j.replay(begin)
	if err == nil {
		err = f.Truncate(valid)
	}
	if err == nil && !sawBegin {
		err = j.append(begin)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return j, nil
}

// replay reads the records, checks the begin record against want and
// collects the pending intents. It returns the length of the valid prefix.
func (j *journal) replay(want journalRecord) (valid int64, sawBegin bool, err error) {
	r := bufio.NewReader(j.f)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return valid, sawBegin, nil // an incomplete last line is a torn append
		}
		if err != nil {
			return 0, false, fmt.Errorf("paymenttokens: reading the journal: %w", err)
		}
		var rec journalRecord
		if jerr := json.Unmarshal(bytes.TrimSpace(line), &rec); jerr != nil || rec.Op == "" {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) {
				return valid, sawBegin, nil // a garbled last record is a torn append too
			}
			return 0, false, fmt.Errorf("paymenttokens: the journal %s is damaged at line %d; it cannot be trusted, so start with a new journal path", j.path, n)
		}
		if !sawBegin {
			if rec != want {
				return 0, false, fmt.Errorf("paymenttokens: %w: %s was written for another file or key (file SHA-256 %.12s…, key %s); use a new journal path for this import",
					ErrJournalMismatch, j.path, rec.File, rec.Key)
			}
			sawBegin = true
		}
		if d, ok := parseDigest(rec.Key); ok {
			switch rec.Op {
			case opIntent:
				j.pending[d] = pendingIntent{line: rec.Line, sentAt: time.UnixMilli(rec.At)}
			case opCreated, opMatched, opUnsent:
				delete(j.pending, d)
			}
		}
		valid += int64(len(line))
	}
}

// append writes one record and syncs it to disk before returning.
func (j *journal) append(rec journalRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("paymenttokens: writing the journal: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("paymenttokens: writing the journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("paymenttokens: syncing the journal: %w", err)
	}
	return nil
}

// record appends an operation on a key (or, with a zero digest, on an id).
func (j *journal) record(op string, d keyDigest, line int, id int32) error {
	rec := journalRecord{Op: op, Line: line, ID: id, At: time.Now().UnixMilli()}
	if d != (keyDigest{}) {
		rec.Key = hex.EncodeToString(d[:])
	}
	return j.append(rec)
}

// close closes the file.
func (j *journal) close() error { return j.f.Close() }

// parseDigest reads a key digest as the journal writes it.
func parseDigest(s string) (keyDigest, bool) {
	var d keyDigest
	if len(s) != hex.EncodedLen(len(d)) {
		return d, false
	}
	_, err := hex.Decode(d[:], []byte(s))
	return d, err == nil
}

// names is the key's fields, comma-separated.
func (k keyer) names() string {
	names := make([]string, len(k.fields))
	for i, f := range k.fields {
		names[i] = f.name
	}
	return strings.Join(names, ",")
}
