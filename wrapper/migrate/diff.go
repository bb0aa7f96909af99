package migrate

import (
	"context"
	"errors"
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// DiffResult compares a file with a store, by key.
type DiffResult struct {
	// Same counts the keys whose tokens agree.
	Same int
	// OnlyInFile are the file's tokens whose key the store lacks (Line, Key, SourceID).
	OnlyInFile []Item
	// OnlyInStore are the store's tokens whose key the file lacks (Key, TargetID).
	OnlyInStore []Item
	// Differing are the keys in both whose fields differ (Line, Key, SourceID, TargetID, Changes).
	Differing []Item
	// Ambiguous are the file's tokens whose key several store tokens hold
	// (Reason names their ids).
	Ambiguous []Item
}

// Equal reports whether the file and the store hold the same tokens.
func (d *DiffResult) Equal() bool {
	return len(d.OnlyInFile) == 0 && len(d.OnlyInStore) == 0 && len(d.Differing) == 0 && len(d.Ambiguous) == 0
}

// DiffOptions choose how Diff reports.
type DiffOptions struct {
	// Progress, when not nil, hears of the check and list phases.
	Progress ProgressFunc
}

// Diff compares the file with the store by key, ignoring PaymentTokenID and
// LastUpdate (the store assigns both); a field the file leaves empty is
// compared too. Its comparison is Import's: a token it reports in Differing
// is one that Import reports as differing, and rewrites with Update. It checks the file as Import does and
// applies the Source's customer and order maps first; a token whose id is
// not in a map is reported in OnlyInFile with the Reason; a file that
// changes while Diff reads it is an error matching ErrSourceChanged. It
// sends reads only, and returns an error, never a result, when the store's
// listing does not add up.
func Diff(ctx context.Context, c *wrapper.Client, src Source, opts DiffOptions) (*DiffResult, error) {
	if err := checkArgs(c, src); err != nil {
		return nil, err
	}
	tr := newTracker(opts.Progress)
	tr.begin(PhaseCheck, 0)
	ck, err := src.check(ctx, tr.done)
	if err != nil {
		return nil, err
	}
	defer ck.close()
	tr.begin(PhaseList, 0)
	ix, err := listIndex(ctx, c, ck.key, wrapper.MaxLimit, tr.done)
	if err != nil {
		return nil, err
	}
	tr.end()
	d := &DiffResult{}
	err = src.reread(ck, func(rec tokenfile.Record) error {
		tok := rec.Token
		it := Item{Line: rec.Line, SourceID: tok.PaymentTokenID}
		if _, err := src.remap(&tok); err != nil {
			it.Key, it.Reason = ck.key.Of(&tok), reason(err)
			d.OnlyInFile = append(d.OnlyInFile, it)
			return nil
		}
		it.Key = ck.key.Of(&tok)
		t := ix.byKey[digestOf(it.Key)]
		switch {
		case t == nil:
			d.OnlyInFile = append(d.OnlyInFile, it)
		case t.ambiguity() != "":
			it.Reason = t.ambiguity()
			d.Ambiguous = append(d.Ambiguous, it)
		default:
			it.TargetID = t.tok.PaymentTokenID
			if it.Changes = compare(&tok, &t.tok); it.Changes != nil {
				d.Differing = append(d.Differing, it)
			} else {
				d.Same++
			}
		}
		return nil
	})
	if errors.Is(err, ErrSourceChanged) {
		return nil, fmt.Errorf("%w; run the diff again once nothing writes the file", err)
	}
	if err != nil {
		return nil, err
	}
	for _, t := range ix.absent(ck.lines) {
		d.OnlyInStore = append(d.OnlyInStore, Item{Key: ck.key.Of(&t), TargetID: t.PaymentTokenID})
	}
	return d, nil
}
