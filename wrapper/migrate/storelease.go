package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// StoreLease is a lock on a store that every machine sees, for one import
// at a time across machines (package rediscoord's Lease is one); see
// ImportOptions.Lease.
type StoreLease interface {
	// Context is done once the lease is lost or released.
	Context() context.Context
	// LastCreate is when an earlier holder last recorded a create, on this
	// process's clock (with its monotonic reading); zero when none may
	// still land.
	LastCreate() time.Time
	// RecordCreate records that the holder is about to send a create.
	RecordCreate(ctx context.Context) error
	// Release ends the lease.
	Release(ctx context.Context) error
}

// ErrLeaseLost is matched by the error Import returns when its
// ImportOptions.Lease was lost while held (or a create could not be
// recorded in it): it sent nothing more, since another import may now hold
// the store. Its journal keeps what was done: run the same import again.
var ErrLeaseLost = errors.New("the store's lease was lost")

// releaseWithin bounds how long an import waits for its lease's release;
// a lease not released frees itself within its period anyway.
const releaseWithin = 5 * time.Second

// takeLease takes opts.Lease's lease on the store: held for the run, or,
// in a dry run, released at once (it only checks that no import holds it).
func (im *importer) takeLease(ctx context.Context) error {
	if im.opts.Lease == nil {
		return nil
	}
	lease, err := im.opts.Lease(ctx, im.c.StoreDigest())
	if err != nil {
		return err
	}
	if lease == nil {
		return errors.New("paymenttokens: ImportOptions.Lease returned no lease and no error: return the lease taken, or why it was not")
	}
	if im.opts.DryRun {
		release(lease)
		return nil
	}
	im.lease = lease
	return nil
}

// releaseLease releases the lease the run holds, if any.
func (im *importer) releaseLease() {
	if im.lease != nil {
		release(im.lease)
	}
}

// release releases lease, waiting at most releaseWithin.
func release(lease StoreLease) {
	ctx, cancel := context.WithTimeout(context.Background(), releaseWithin)
	defer cancel()
	_ = lease.Release(ctx) // one not released frees itself within its period
}

// watchLease stops the run once its lease is lost (leaseLost), until the
// returned func is called.
func (im *importer) watchLease() (stop func() bool) {
	lease := im.lease
	if lease == nil {
		return func() bool { return false }
	}
	return context.AfterFunc(lease.Context(), func() { im.leaseLost(lease) })
}

// leaseLost stops the run, whose lease is lost: its writes stop before
// another import can take the store.
func (im *importer) leaseLost(lease StoreLease) {
	im.fatal(fmt.Errorf("%s%w (%s): its renewal failed for too long, or another process holds it, so this import sent nothing more, before another could start; the journal keeps what was done: once the lease's store (Redis) answers, run the same import again",
		prefix, ErrLeaseLost, reason(context.Cause(lease.Context()))))
}

// recordCreate records in the lease, if any, that a create is about to be
// sent; when it cannot, the create is not sent and the run stops.
func (im *importer) recordCreate(ctx context.Context) bool {
	if im.lease == nil {
		return true
	}
	if err := im.lease.RecordCreate(ctx); err != nil {
		im.fatal(fmt.Errorf("%s%w: a create could not be recorded in it (%s), so it was not sent, and this import sent nothing more; the journal keeps what was done: once the lease's store (Redis) answers, run the same import again",
			prefix, ErrLeaseLost, reason(err)))
		return false
	}
	return true
}

// waitForEarlierHolder waits, before the first listing, until the settle
// window of the last create an earlier holder of the lease recorded has
// passed (at most one window from this run's start): a create it sent
// may still land, and the listing would miss it. It returns why the run
// must stop, or nil.
func (im *importer) waitForEarlierHolder(ctx context.Context) error {
	if im.lease == nil || im.lease.LastCreate().IsZero() {
		return nil
	}
	last := im.lease.LastCreate()
	until := last.Add(im.opts.Settle)
	if first := im.started.Add(im.opts.Settle); first.Before(until) {
		until = first
	}
	why := fmt.Sprintf("the store's lease says an import sent a create %v ago (or its Redis started then, forgetting): waiting %%v, the rest of its settle window, before reading the store",
		roundWait(time.Since(last)))
	if !im.waitUntil(ctx, until, why, "the creates an earlier holder of the store's lease sent to land before reading the store") {
		return im.stopped(ctx)
	}
	return nil
}
