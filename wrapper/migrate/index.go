package migrate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// target is what the index holds for one key of the target store.
type target struct {
	tok    wrapper.PaymentToken
	others []wrapper.PaymentToken // further tokens with the same key: the key is ambiguous
}

// ambiguity says which target tokens share the key, or "" when one does.
func (t *target) ambiguity() string {
	if len(t.others) == 0 {
		return ""
	}
	ids := []string{strconv.Itoa(int(t.tok.PaymentTokenID))}
	for _, o := range t.others {
		ids = append(ids, strconv.Itoa(int(o.PaymentTokenID)))
	}
	return fmt.Sprintf("the key is held by %d tokens of the target (PaymentTokenID %s); nothing is written for them until only one remains",
		len(ids), strings.Join(ids, ", "))
}

// index is the target store listed once and indexed by key.
type index struct {
	key   tokenfile.Key
	byKey map[keyDigest]*target
	count int   // tokens listed
	maxID int32 // the highest id listed
}

// listIndex lists every token of the store (pages of pageSize) and indexes it.
func listIndex(ctx context.Context, c *wrapper.Client, key tokenfile.Key, pageSize int, progress func(done int)) (*index, error) {
	ix := &index{key: key, byKey: map[keyDigest]*target{}}
	for t, err := range c.AllPaged(ctx, pageSize) {
		if err != nil {
			return nil, while(err, "listing the target store")
		}
		ix.add(key, t)
		progress(ix.count)
	}
	return ix, nil
}

// add indexes one store token.
func (ix *index) add(key tokenfile.Key, t wrapper.PaymentToken) {
	ix.count++
	ix.maxID = max(ix.maxID, t.PaymentTokenID)
	d := digestOf(key.Of(&t))
	if have, ok := ix.byKey[d]; ok {
		have.others = append(have.others, t)
		return
	}
	ix.byKey[d] = &target{tok: t}
}

// absent returns the store tokens whose key is not in the file, in id order.
func (ix *index) absent(lines map[keyDigest]int32) []wrapper.PaymentToken {
	var out []wrapper.PaymentToken
	for d, t := range ix.byKey {
		if _, inFile := lines[d]; inFile {
			continue
		}
		out = append(out, t.tok)
		out = append(out, t.others...)
	}
	slices.SortFunc(out, func(a, b wrapper.PaymentToken) int { return cmp.Compare(a.PaymentTokenID, b.PaymentTokenID) })
	return out
}
