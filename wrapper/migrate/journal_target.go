package migrate

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// maxListed bounds how many unsettled creates a refusal lists.
const maxListed = 5

// journalTarget is what a journal must have been written for: one store,
// one file (its SHA-256) and one set of key fields.
type journalTarget struct {
	store  string   // the client's StoreDigest
	name   string   // the client's StoreName
	places []string // the client's StorePlaces
	sum    [sha256.Size]byte
	key    tokenfile.Key
	src    Source // read again only to say where unsettled creates are now
}

// check refuses a journal written for another store (ErrJournalStore),
// file or key (ErrJournalMismatch); a new journal passes.
func (t journalTarget) check(path string, st *journalState) error {
	b := st.begin
	switch {
	case b == nil:
		return nil
	case !t.sameStore(b):
		then, now := storeLabel(b.Name, b.Store), storeLabel(t.name, t.store)
		if then == now { // one name, other base URL paths: the digests tell them apart
			then, now = fmt.Sprintf("%s (digest %.12s…)", then, b.Store), fmt.Sprintf("%s (digest %.12s…)", now, t.store)
		}
		return fmt.Errorf("paymenttokens: %w: %s was written for the store %s, and this client's store is %s, reached at none of that store's places; a journal serves one store: give this import another journal path, or check that the SecureURL and the base URL name the store it was written for",
			ErrJournalStore, path, then, now)
	case b.File == hex.EncodeToString(t.sum[:]) && b.Key == t.key.Names():
		return nil
	}
	var then []string
	if b.File != hex.EncodeToString(t.sum[:]) {
		then = append(then, fmt.Sprintf("another version of %s (SHA-256 %.12s… then, %.12s… now)", t.src.Path, b.File, hex.EncodeToString(t.sum[:])))
	}
	if b.Key != t.key.Names() {
		then = append(then, fmt.Sprintf("the key fields %s (now %s)", b.Key, t.key.Names()))
	}
	written := fmt.Sprintf("%s was written for %s", path, strings.Join(then, " and "))
	if len(st.pending) == 0 {
		return fmt.Errorf("paymenttokens: %w: %s; every create it recorded is settled, so a new journal is safe: give another journal path, or delete %s, and run again",
			ErrJournalMismatch, written, path)
	}
	return fmt.Errorf("paymenttokens: %w: %s, and %d create(s) it recorded are not settled: whether the store holds them is unknown, so a new journal could create them twice: %s. Settle them first: run again with the file as it was when the journal began and the same journal; or check with diff that the store holds each of these keys once. Then give another journal path, or delete %s",
		ErrJournalMismatch, written, len(st.pending), t.unsettled(st.pending), path)
}

// storeLabel names a store for a person: by its name, or by its digest
// for a journal of a version that did not record the name.
func storeLabel(name, digest string) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("with digest %.12s…", digest)
}

// sameStore reports whether the journal that begins with b was written for
// t's store: by the same spelling (its StoreDigest), or by another that
// shares one of its places, as the store's lock sees it.
func (t journalTarget) sameStore(b *journalRecord) bool {
	if b.Store == t.store {
		return true
	}
	then := strings.Split(b.Places, ",")
	return b.Places != "" && slices.ContainsFunc(t.places, func(p string) bool { return slices.Contains(then, p) })
}

// unsettled lists the first pending creates by their line in the file the
// journal was written for, and where the file now holds their key.
func (t journalTarget) unsettled(pending map[keyDigest]pendingIntent) string {
	type entry struct {
		d keyDigest
		p pendingIntent
	}
	var all []entry
	for d, p := range pending {
		all = append(all, entry{d, p})
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(a.p.line, b.p.line) })
	now := t.src.locate(t.key, pending)
	var parts []string
	for _, e := range all[:min(len(all), maxListed)] {
		where := "not in the file now"
		if it, ok := now[e.d]; ok {
			where = fmt.Sprintf("now line %d, key %s", it.Line, it.Key)
		}
		parts = append(parts, fmt.Sprintf("line %d of the old file (%s)", e.p.line, where))
	}
	if more := len(all) - maxListed; more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(parts, "; ")
}

// locate finds the file's tokens whose key has one of the digests, with
// their line and key; a line it cannot read is skipped (the check pass
// names it), as this only completes a message.
func (s Source) locate(key tokenfile.Key, want map[keyDigest]pendingIntent) map[keyDigest]Item {
	found := map[keyDigest]Item{}
	format := s.Format
	if format == 0 {
		var err error
		if format, err = tokenfile.FormatOf(s.Path); err != nil {
			return found
		}
	}
	_ = s.each(format, func(rec tokenfile.Record) error {
		if unmapped, _ := s.remap(&rec.Token); key.Uses(unmapped...) {
			return nil
		}
		k := key.Of(&rec.Token)
		if d := digestOf(k); hasKey(want, d) {
			found[d] = Item{Line: rec.Line, Key: k}
		}
		return nil
	})
	return found
}

// digest is the SHA-256 of the file's bytes, as check computes it.
func (s Source) digest() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(s.Path)
	if err != nil {
		return sum, fmt.Errorf("paymenttokens: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, while(err, "reading %s", s.Path)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// hasKey reports whether m holds d.
func hasKey[V any](m map[keyDigest]V, d keyDigest) bool {
	_, ok := m[d]
	return ok
}
