package tokenfile

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
)

// IsExport reports whether head, the start of a file (at least its first
// two records: 2*MaxRecordBytes+2 bytes), reads as an export in format f,
// one an export may replace: empty, or its first record a token in f with
// a PaymentTokenID (or, in CSV, the header of an empty store's export);
// and whether it holds a token.
func IsExport(head []byte, f Format) (ok, holds bool) {
	if len(head) == 0 {
		return true, false
	}
	r, err := NewReader(bytes.NewReader(head), f, "")
	if err != nil {
		return false, false
	}
	rec, err := r.Next()
	if errors.Is(err, io.EOF) { // a CSV export of an empty store: its header alone
		return f == CSV && slices.ContainsFunc(r.header, func(c field) bool { return c.name == "PaymentTokenID" }), false
	}
	ok = err == nil && rec.Token.PaymentTokenID != 0 // an export's tokens come from a store: they have ids
	return ok, ok
}

// IsIDMap reports whether head, the start of a file (its first line is
// enough), is empty or an id map an import wrote, whose first line is
// [IDMapMark] of the store it was written for; store is that store's
// digest ("" for an empty file).
func IsIDMap(head []byte) (ok bool, store string) {
	if len(head) == 0 {
		return true, ""
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	store, ok = strings.CutPrefix(strings.TrimRight(string(first), "\r"), IDMapMark(""))
	return ok && store != "", store
}
