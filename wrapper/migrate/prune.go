package migrate

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// pruneShareDenominator: when ImportOptions.MaxDelete is 0, a prune may
// delete one in this many of the target's tokens (a tenth).
const pruneShareDenominator = 10

// checkPruneLimit refuses, right after the listing and before any write, a
// prune that would delete more than ImportOptions.MaxDelete tokens, or by
// default more than a tenth of the target's: a file that lost tokens (cut
// short, filtered, the wrong one) would otherwise empty the store. A dry
// run is refused alike: it tells whether the real run would be.
func (im *importer) checkPruneLimit(ck *checked, ix *index) error {
	if !im.opts.Prune {
		return nil
	}
	limit := im.opts.MaxDelete
	if limit == 0 {
		limit = ix.count / pruneShareDenominator
	}
	if n := len(ix.absent(ck.lines)); n > limit {
		return &PruneLimitError{Deletes: n, Tokens: ix.count, Max: limit}
	}
	return nil
}

// prune deletes the store tokens whose key is not in the file, up to
// opts.Concurrency at once, after every create and update is done.
func (im *importer) prune(ctx context.Context, key tokenfile.Key, absent []wrapper.PaymentToken) {
	var deletes errgroup.Group
	deletes.SetLimit(im.opts.Concurrency)
	for _, t := range absent {
		it := Item{Action: ActionDelete, Key: key.Of(&t), TargetID: t.PaymentTokenID}
		if im.opts.DryRun {
			im.record(it, false)
			continue
		}
		if ctx.Err() != nil {
			break
		}
		deletes.Go(func() error {
			if ctx.Err() != nil {
				return nil
			}
			err := im.c.Delete(ctx, it.TargetID)
			switch {
			case ctx.Err() != nil:
			case err == nil || errors.Is(err, wrapper.ErrNotFound): // either way it is gone
				if im.journalize(opDeleted, keyDigest{}, 0, it.TargetID) {
					im.record(it, false)
				}
			default:
				im.fail(it, "the delete failed: "+reason(err))
			}
			return nil
		})
	}
	_ = deletes.Wait() // the deletes return no error: each records its own
}
