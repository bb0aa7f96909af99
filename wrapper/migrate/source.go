package migrate

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// Source is a token file and how to read it, for Import and Diff.
type Source struct {
	// Path is the file to read.
	Path string
	// Format is the file's format; 0 picks it from the extension (FormatOf).
	Format tokenfile.Format
	// Key lists the fields that identify a token; nil means DefaultKey().
	Key []string
	// CustomerMap, when not nil, rewrites every CustomerID through it; a
	// token whose CustomerID is not in it fails (not written). CustomerID 0
	// means "no customer" and passes through unchanged.
	CustomerMap tokenfile.IDMap
	// OrderMap does the same for OrderID (0 passes through too).
	OrderMap tokenfile.IDMap
}

// checked is what the check pass learned of a file: the one small record
// per key the import keeps (its digest and line), and the file as read,
// kept open with the digests of its chunks for the write pass (close it).
type checked struct {
	format       tokenfile.Format
	key          tokenfile.Key
	lines        map[keyDigest]int32 // every key of the file, with its line
	tokens       int
	unkeyed      int // tokens whose key field could not be remapped
	firstUnkeyed int // the line of the first
	sum          [sha256.Size]byte
	file         *os.File   // the descriptor the check pass read
	chunks       *chunkSums // what it read
}

// close closes the file.
func (ck *checked) close() { _ = ck.file.Close() }

// check reads the whole file before any request: it refuses a malformed
// line, two tokens with one key and two with one PaymentTokenID, listing
// every such defect of the file (up to tokenfile.MaxDefects) in one error.
func (s Source) check(ctx context.Context, tr func(done int)) (*checked, error) {
	format := s.Format
	if format == 0 {
		var err error
		if format, err = tokenfile.FormatOf(s.Path); err != nil {
			return nil, err
		}
	}
	key, err := tokenfile.NewKey(s.Key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: %w", err)
	}
	ck := &checked{format: format, key: key, lines: map[keyDigest]int32{}, file: f, chunks: newChunkSums()}
	ids := map[int32]int32{} // source PaymentTokenID → line: the id map needs them unique
	h := sha256.New()
	err = records(io.TeeReader(f, io.MultiWriter(h, ck.chunks)), format, s.Path, &tokenfile.Defects{File: s.Path}, func(rec tokenfile.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ck.tokens++
		tr(ck.tokens)
		if id := rec.Token.PaymentTokenID; id < 0 {
			return &tokenfile.InputError{File: s.Path, Line: rec.Line, Field: "PaymentTokenID", Err: fmt.Errorf("%d is not an id: ids start at 1 (leave it out or 0 when there is none)", id)}
		} else if id != 0 {
			if first, dup := ids[id]; dup {
				return &tokenfile.InputError{File: s.Path, Err: &tokenfile.DuplicateKeyError{Key: fmt.Sprintf("PaymentTokenID=%d", id), First: int(first), Second: rec.Line}}
			}
			ids[id] = int32(rec.Line)
		}
		if unmapped, _ := s.remap(&rec.Token); key.Uses(unmapped...) {
			// The token fails when written, and its key in the target is unknown.
			if ck.unkeyed++; ck.unkeyed == 1 {
				ck.firstUnkeyed = rec.Line
			}
			return nil
		}
		k := key.Of(&rec.Token)
		d := digestOf(k)
		if first, dup := ck.lines[d]; dup {
			return &tokenfile.InputError{File: s.Path, Err: &tokenfile.DuplicateKeyError{Key: k, First: int(first), Second: rec.Line}}
		}
		ck.lines[d] = int32(rec.Line)
		return nil
	})
	if err != nil {
		ck.close()
		return nil, err
	}
	copy(ck.sum[:], h.Sum(nil))
	ck.chunks.end()
	return ck, nil
}

// reread streams again, for the writing pass, exactly the bytes the check
// pass read, from the descriptor it read them from: every chunk is
// verified against its digest before its records are parsed. A file that
// changed since (it grew, shrank, was replaced, or its bytes differ) stops
// the pass with an error matching ErrSourceChanged before any record read
// after the change reaches fn.
func (s Source) reread(ck *checked, fn func(tokenfile.Record) error) error {
	v := newVerified(ck.file, s.Path, ck.chunks)
	err := records(v, ck.format, s.Path, nil, func(rec tokenfile.Record) error {
		if err := v.failure(); err != nil {
			return err // the record may be cut short where the change was found
		}
		return fn(rec)
	})
	if ferr := v.failure(); ferr != nil {
		return ferr
	}
	return err
}

// each streams the file's records to fn.
func (s Source) each(format tokenfile.Format, fn func(tokenfile.Record) error) error {
	f, err := os.Open(s.Path)
	if err != nil {
		return fmt.Errorf("paymenttokens: %w", err)
	}
	defer f.Close()
	return records(f, format, s.Path, nil, fn)
}

// records streams the records r holds to fn; name is the file's, for
// errors. With defects, a defect of one record (an *InputError from the
// reader or from fn) is added to it and the reading goes on, so that one
// pass finds them all; it stops at any other error, or when the reader can
// read no further.
func records(r io.Reader, format tokenfile.Format, name string, defects *tokenfile.Defects, fn func(tokenfile.Record) error) error {
	rd, err := tokenfile.NewReader(r, format, name)
	if err != nil {
		return err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			if defects != nil {
				return defects.Err()
			}
			return nil
		}
		if err == nil {
			err = fn(rec)
		}
		if err == nil {
			continue
		}
		input, ok := err.(*tokenfile.InputError)
		if !ok || defects == nil {
			return err
		}
		defects.Add(input)
		if rd.Broken() {
			return defects.Err()
		}
	}
}

// remap rewrites CustomerID and OrderID through the maps; 0 means none and
// passes through. It returns the fields whose id is not in their map (left
// as they were) and an error naming them.
func (s Source) remap(t *wrapper.PaymentToken) (unmapped []string, err error) {
	var reasons []string
	for _, m := range []struct {
		name, noun string
		ids        tokenfile.IDMap
		id         *int32
	}{{"CustomerID", "customer", s.CustomerMap, &t.CustomerID}, {"OrderID", "order", s.OrderMap, &t.OrderID}} {
		if m.ids == nil || *m.id == 0 {
			continue
		}
		to, ok := m.ids[*m.id]
		if !ok {
			unmapped = append(unmapped, m.name)
			reasons = append(reasons, fmt.Sprintf("%s %d is not in the %s map; add a row for it, or migrate that %s first", m.name, *m.id, m.noun, m.noun))
			continue
		}
		*m.id = to
	}
	if len(reasons) > 0 {
		return unmapped, errors.New(strings.Join(reasons, "; "))
	}
	return nil, nil
}
