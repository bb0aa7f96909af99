package migrate

import (
	"context"
	"errors"
	"sync"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// prune deletes the store tokens whose key is not in the file, up to
// opts.Concurrency at once, after every create and update is done.
func (im *importer) prune(ctx context.Context, key keyer, absent []wrapper.PaymentToken) {
	var wg sync.WaitGroup
	slots := make(chan struct{}, im.opts.Concurrency)
	for _, t := range absent {
		it := Item{Action: ActionDelete, Key: key.of(&t), TargetID: t.PaymentTokenID}
		if im.opts.DryRun {
			im.record(it, false)
			continue
		}
		slots <- struct{}{}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			err := im.c.Delete(ctx, it.TargetID)
			switch {
			case ctx.Err() != nil:
			case err == nil || errors.Is(err, wrapper.ErrNotFound): // either way it is gone
				if im.journalize(opDeleted, keyDigest{}, 0, it.TargetID) {
					im.record(it, false)
				}
			default:
				im.fail(it, "the delete failed: "+err.Error())
			}
		})
	}
	wg.Wait()
}
