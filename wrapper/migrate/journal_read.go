package migrate

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// journalState is what a journal's records say.
type journalState struct {
	begin   *journalRecord // nil for an empty file: a new journal
	lastRun *journalRecord // the latest run record
	pending map[keyDigest]pendingIntent
	valid   int64 // the length of the complete records
	torn    bool  // a record cut short by a crash follows them
}

// readJournal reads the journal's records from r. The first line must be
// a begin record of this tool; a torn tail is recognised only as the tool
// writes one: an incomplete last line, after the begin record, that is the
// start of a record. Any other unreadable line is damage, never cut.
func readJournal(r io.Reader, path string) (*journalState, error) {
	st := &journalState{pending: map[keyDigest]pendingIntent{}}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(line) == 0 {
				return st, nil
			}
			if st.begin != nil && isRecordPrefix(line) {
				st.torn = true
				return st, nil
			}
		} else if err != nil {
			return nil, while(err, "reading the journal %s", path)
		}
		var rec journalRecord
		ok := err == nil && json.Unmarshal(bytes.TrimSuffix(line, []byte("\n")), &rec) == nil && knownOps[rec.Op]
		switch {
		case st.begin == nil && (!ok || !rec.isBegin()):
			return nil, fmt.Errorf("paymenttokens: %w: %s is not a journal of this tool: its first line is not the begin record this tool writes; it was left as it is: give the journal a path of its own",
				ErrPathRefused, path)
		case !ok:
			return nil, fmt.Errorf("paymenttokens: %w: line %d of %s cannot be read, so what it recorded is not known: check the store with diff, then start a new journal (another path)",
				ErrJournalDamaged, n, path)
		case st.begin == nil:
			st.begin = &rec
		}
		st.apply(rec)
		st.valid += int64(len(line))
	}
}

// knownOps are the operations a journal records.
var knownOps = map[string]bool{
	opBegin: true, opRun: true, opIntent: true, opCreated: true, opMatched: true, opRefused: true, opUpdated: true, opDeleted: true,
}

// isBegin reports whether rec is a begin record as this tool writes it.
func (rec *journalRecord) isBegin() bool {
	isHex := func(s string) bool {
		b, err := hex.DecodeString(s)
		return err == nil && len(b) > 0
	}
	sum, err := hex.DecodeString(rec.File)
	return rec.Op == opBegin && isHex(rec.Store) && err == nil && len(sum) == sha256.Size && rec.Key != ""
}

// apply keeps what one record says of the runs and the pending creates.
func (st *journalState) apply(rec journalRecord) {
	if rec.Op == opRun {
		st.lastRun = &rec
		return
	}
	d, ok := parseDigest(rec.Key)
	if !ok {
		return
	}
	switch rec.Op {
	case opIntent:
		st.pending[d] = pendingIntent{line: rec.Line}
	case opCreated, opMatched, opRefused:
		delete(st.pending, d)
	}
}

// recordField is a field of journalRecord as JSON: its name, whether its
// value is a string (else an integer), and the bytes of such a string
// (stringBytes when empty).
type recordField struct {
	name  string
	str   bool
	bytes string
}

// recordFields are journalRecord's fields in the order encoding/json writes them.
var recordFields = []recordField{{"op", true, ""}, {"store", true, ""}, {"places", true, ""}, {"name", true, storeNameBytes},
	{"file", true, ""}, {"key", true, ""}, {"line", false, ""}, {"id", false, ""}, {"pid", false, ""}, {"at", false, ""}}

// The bytes of the journal's strings (op names, hex digests, key field
// names joined by commas) and of the names of its fields.
const (
	stringBytes = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,"
	nameBytes   = "abcdefghijklmnopqrstuvwxyz"
	// storeNameBytes are those of a store's name (wrapper.Client.StoreName):
	// host names, addresses and ports, and the spaces of " at ".
	storeNameBytes = "0123456789abcdefghijklmnopqrstuvwxyz.-_:[] "
	digitBytes     = "0123456789"
)

// isRecordPrefix reports whether b (a last line without its newline) is
// the start of a record as append writes it: a write cut short by a crash.
func isRecordPrefix(b []byte) bool {
	s := &prefixScan{b: b}
	s.record()
	return !s.bad && s.i == len(b)
}

// prefixScan matches a record's grammar against b until b ends; bad is
// set at the first byte the grammar does not allow. Each step returns
// whether it matched whole (false when b ended within it, or on bad).
type prefixScan struct {
	b   []byte
	i   int
	bad bool
}

// record matches {"op":"…"} followed by ,"name":value for fields in order.
func (s *prefixScan) record() {
	if !s.lit(`{"op":`) || !s.value(recordFields[0]) {
		return
	}
	next := 1
	for s.i < len(s.b) {
		if s.b[s.i] == '}' { // the whole record, only its newline missing
			if s.i++; s.i < len(s.b) {
				s.bad = true
			}
			return
		}
		if !s.lit(`,"`) {
			return
		}
		start := s.i
		ended := !s.span(nameBytes)
		name := string(s.b[start:s.i])
		j := slices.IndexFunc(recordFields[next:], func(f recordField) bool {
			return f.name == name || ended && strings.HasPrefix(f.name, name)
		})
		if j < 0 {
			s.bad = true
		}
		if ended || s.bad {
			return
		}
		f := recordFields[next+j]
		next += j + 1
		if !s.lit(`":`) || !s.value(f) {
			return
		}
	}
}

// value matches f's value: a string of its bytes, or an integer (never negative).
func (s *prefixScan) value(f recordField) bool {
	if f.str {
		return s.lit(`"`) && s.span(cmp.Or(f.bytes, stringBytes)) && s.lit(`"`)
	}
	start := s.i
	if !s.span(digitBytes) {
		return false
	}
	if s.i == start {
		s.bad = true
	}
	return !s.bad
}

// lit matches the bytes of x.
func (s *prefixScan) lit(x string) bool {
	for j := range len(x) {
		if s.i == len(s.b) {
			return false
		}
		if s.b[s.i] != x[j] {
			s.bad = true
			return false
		}
		s.i++
	}
	return true
}

// span skips bytes of set; it returns false when b ends among them.
func (s *prefixScan) span(set string) bool {
	for s.i < len(s.b) && strings.IndexByte(set, s.b[s.i]) >= 0 {
		s.i++
	}
	return s.i < len(s.b)
}
