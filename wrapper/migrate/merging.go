package migrate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// clears names the fields that changes empty: empty in the file, set in
// the store.
func clears(changes []FieldDiff) []string {
	var names []string
	for _, c := range changes {
		if c.File == "" {
			names = append(names, c.Field)
		}
	}
	return names
}

// unclearable says which of the changes an update cannot make on a store
// whose PUT merges: those that clear a field. It returns "" when there is
// none.
func unclearable(changes []FieldDiff) string {
	names := clears(changes)
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("not written: the target's PUT merges (it keeps every field a PUT leaves empty), so an update cannot clear %s (empty in the file, set in the store); clear it in the store another way, or fill it in the file",
		strings.Join(names, ", "))
}

// notCleared is the reason of an update that was sent and applied, but
// left the fields it had to clear as they were.
func notCleared(names []string) string {
	return fmt.Sprintf("not cleared: the update was applied, but a read of the token shows that the target kept %s (empty in the file): its PUT merges (it keeps every field a PUT leaves empty), so no update can clear them; its other fields were written; clear them in the store another way, or fill them in the file",
		strings.Join(names, ", "))
}

// learnMerges finds out, once a run, whether the target's PUT merges when
// ImportOptions.PUTMerges did not say so: it reads back the first token of
// the batch whose update was applied and had to clear a field, and sets
// im.merges when the store kept one of those fields. Without it, on such a
// store, every run would update the token again, report it updated, and
// Diff would still find it differing. A read that fails leaves it unknown,
// for the next batch to try.
func (im *importer) learnMerges(ctx context.Context, jobs []tokenJob, ok func(i int) bool) {
	if im.mergesKnown {
		return
	}
	for i, j := range jobs {
		names := clears(j.item.Changes)
		if !ok(i) || len(names) == 0 {
			continue
		}
		got, found, err := im.c.Get(ctx, j.item.TargetID)
		im.reachable(err)
		if err != nil || !found {
			return
		}
		im.mergesKnown = true
		tokenfile.Compare(&wrapper.PaymentToken{}, &got, func(field, _, _ string) { // the fields got holds
			im.merges = im.merges || slices.Contains(names, field)
		})
		return
	}
}
