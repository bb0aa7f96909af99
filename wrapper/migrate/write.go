package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// write streams the file a second time and creates, updates or leaves each
// token; creates run on opts.Concurrency workers, updates go in batches.
func (im *importer) write(ctx context.Context, ck *checked, ix *index) {
	creates := im.startCreates(ctx, im.opts.Concurrency)
	var updates []tokenJob
	err := im.src.reread(ck, func(rec tokenfile.Record) error {
		if im.stopping(ctx) {
			return errStop
		}
		job, ok := im.plan(rec, ck.key, ix)
		switch {
		case !ok:
		case job.item.Action == ActionCreate && !im.opts.DryRun:
			if car, now := im.admit(job); now {
				creates.add(car)
			}
		case job.item.Action == ActionUpdate && !im.opts.DryRun:
			if updates = append(updates, job); len(updates) == updateBatch {
				im.update(ctx, updates)
				updates = updates[:0]
			}
		default:
			im.record(job.item, true)
		}
		return nil
	})
	creates.close(err == nil)
	if len(updates) > 0 && err == nil {
		im.update(ctx, updates)
	}
	if errors.Is(err, ErrSourceChanged) {
		// creates.close let the creates of tokens read before the change finish and be journaled.
		err = fmt.Errorf("%w; no token read after the change was written. Put the file back as it was when the import began and run the same import again, with the same journal, to finish; or run it on the file as it is now: the journal then says whether it may be used", err)
	}
	if err != nil && !errors.Is(err, errStop) {
		im.fatal(err)
	}
}

// plan decides what to do with one file token. ok is false when the token
// has been recorded as failed already.
func (im *importer) plan(rec tokenfile.Record, key tokenfile.Key, ix *index) (job tokenJob, ok bool) {
	job.tok = rec.Token
	job.item = Item{Line: rec.Line, SourceID: rec.Token.PaymentTokenID}
	job.tok.PaymentTokenID = 0
	if _, err := im.src.remap(&job.tok); err != nil {
		job.item.Key = key.Of(&rec.Token) // the file's: its key fields could not be remapped
		im.fail(job.item, reason(err))
		return job, false
	}
	job.item.Key = key.Of(&job.tok)
	job.d = digestOf(job.item.Key)
	t := ix.byKey[job.d]
	if t == nil {
		job.item.Action = ActionCreate
		return job, true
	}
	im.ahead.present.Add(-1)
	if why := t.ambiguity(); why != "" {
		im.fail(job.item, why)
		return job, false
	}
	if im.journal != nil {
		if p, pending := im.journal.pending[job.d]; pending {
			// An interrupted run created it: the fresh listing found it.
			im.reconciled()
			im.journalize(opMatched, job.d, p.line, t.tok.PaymentTokenID)
		}
	}
	job.item.TargetID = t.tok.PaymentTokenID
	job.item.Action = ActionUnchanged
	changes := compare(&job.tok, &t.tok)
	if len(changes) == 0 {
		return job, true
	}
	job.item.Changes = changes
	job.item.Action = ActionDiffers
	if why := unclearable(changes); why != "" && im.merges {
		job.item.Reason = why
		if im.opts.Update {
			job.item.Action = ActionFail
		}
		return job, true
	}
	if im.opts.Update {
		job.item.Action = ActionUpdate
		job.tok.PaymentTokenID = t.tok.PaymentTokenID
	}
	return job, true
}

// sendAll creates the parked tokens again (their keys are absent from a
// fresh read of the store), with opts.Concurrency workers.
func (im *importer) sendAll(ctx context.Context, cars []parked) {
	creates := im.startCreates(ctx, min(im.opts.Concurrency, len(cars)))
	for _, car := range cars {
		if im.stopping(ctx) {
			break
		}
		creates.add(car)
	}
	creates.close(true)
}

// admit decides a planned create. A key whose create an interrupted run
// sent, and which the listing did not show, is parked: it may still land.
// Its window is counted as if it had been sent at this run's start, by
// this run's clock: the time the journal holds was read from the earlier
// run's clock, which may have been behind (the window would seem passed
// while the create can still land, and it would be created twice) or ahead
// (a day ahead would make this run wait a day). So a rerun waits at most
// one window, and reads the store after it, before sending such a create
// again. Any other create is to be sent now.
func (im *importer) admit(job tokenJob) (car parked, now bool) {
	if im.journal != nil {
		if _, pending := im.journal.pending[job.d]; pending {
			im.parking.add(parked{job: job, sentAt: im.started, cause: "an earlier run was interrupted while sending it"})
			return car, false
		}
	}
	return parked{job: job}, true
}

// listTarget lists the target store to plan the run (listIndex), once
// the creates of an earlier holder of the lease had their window
// (waitForEarlierHolder). A resumed
// run whose journal holds creates of unknown outcome may read the store
// while those creates land, so that no walk of the listing adds up: it
// then waits until their window has passed (counted from this run's start,
// as admit does) and lists once more, rather than fail.
func (im *importer) listTarget(ctx context.Context, key tokenfile.Key) (*index, error) {
	if err := im.waitForEarlierHolder(ctx); err != nil {
		return nil, err
	}
	ix, err := listIndex(ctx, im.c, key, im.opts.PageSize, im.tr.done)
	if !errors.Is(err, wrapper.ErrIncompleteListing) || im.journal == nil || len(im.journal.pending) == 0 {
		return ix, err
	}
	why := fmt.Sprintf("the store changed while it was read, as the %d create(s) an earlier run left of unknown outcome may be landing: waiting %%v (their settle window, from this run's start) before reading it again", len(im.journal.pending))
	if !im.waitUntil(ctx, im.started.Add(im.opts.Settle), why, fmt.Sprintf("the %d create(s) an earlier run left of unknown outcome to land before reading the store again", len(im.journal.pending))) {
		return nil, im.stopped(ctx)
	}
	return listIndex(ctx, im.c, key, im.opts.PageSize, im.tr.done)
}

// send sends one create, journaled before it is sent and after it
// succeeds. An unknown outcome parks the create: it is settled by reading
// the store once its window has passed, never by sending it again blind.
func (im *importer) send(ctx context.Context, car parked) {
	if im.stopping(ctx) || !im.journalize(opIntent, car.job.d, car.job.item.Line, 0) || !im.recordCreate(ctx) {
		return
	}
	car.sentAt, car.attempts = time.Now(), car.attempts+1
	im.ahead.creates.Add(-1)
	id, err := im.c.Create(ctx, car.job.tok)
	im.reachable(err)
	switch classify(err) {
	case sentOK:
		im.created(car.job, id, opCreated)
	case notApplied:
		if im.journalize(opRefused, car.job.d, car.job.item.Line, 0) {
			im.fail(car.job.item, "the API did not create it: "+reason(err))
		}
	default:
		car.cause = reason(err)
		im.parking.add(car)
	}
}

// created records a create that the store holds under id.
func (im *importer) created(job tokenJob, id int32, op string) {
	job.item.TargetID = id
	if im.journalize(op, job.d, job.item.Line, id) {
		im.record(job.item, true)
	}
}

// update sends a batch of updates (whole tokens with the target's ids).
func (im *importer) update(ctx context.Context, jobs []tokenJob) {
	toks := make([]wrapper.PaymentToken, len(jobs))
	for i, j := range jobs {
		toks[i] = j.tok
	}
	results, err := im.c.UpdateMany(ctx, toks)
	im.reachable(err)
	if ctx.Err() != nil {
		return
	}
	applied := func(i int) bool { return results != nil && results[i].OK() }
	im.learnMerges(ctx, jobs, applied)
	for i, j := range jobs {
		switch {
		case results == nil:
			im.fail(j.item, "the update was not sent: "+reason(err))
		case results[i].OK():
			if names := clears(j.item.Changes); im.merges && len(names) > 0 {
				j.item.Action, j.item.Reason = ActionFail, notCleared(names)
			}
			if im.journalize(opUpdated, j.d, j.item.Line, j.item.TargetID) {
				im.record(j.item, true)
			}
		default:
			// The token exists in the target although this update failed: it keeps its id map row.
			im.record(Item{Action: ActionFail, Line: j.item.Line, Key: j.item.Key, SourceID: j.item.SourceID, TargetID: j.item.TargetID,
				Changes: j.item.Changes, Reason: "the API did not update it: " + results[i].Message}, true)
		}
	}
}
