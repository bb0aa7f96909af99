package migrate

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// write streams the file a second time and creates, updates or leaves each
// token; creates run on opts.Concurrency workers, updates go in batches.
func (im *importer) write(ctx context.Context, ck *checked, ix *index) {
	jobs := make(chan tokenJob)
	var wg sync.WaitGroup
	for range im.opts.Concurrency {
		wg.Go(func() {
			for job := range jobs {
				im.create(ctx, job)
			}
		})
	}
	var updates []tokenJob
	err := im.src.reread(ck, func(rec Record) error {
		if im.stopped(ctx) != nil {
			return errStop
		}
		job, ok := im.plan(rec, ck.key, ix)
		switch {
		case !ok:
		case job.item.Action == ActionCreate && !im.opts.DryRun:
			jobs <- job
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
	close(jobs)
	if len(updates) > 0 && err == nil {
		im.update(ctx, updates)
	}
	wg.Wait()
	if err != nil && !errors.Is(err, errStop) {
		im.fatal(err)
	}
}

// plan decides what to do with one file token. ok is false when the token
// has been recorded as failed already.
func (im *importer) plan(rec Record, key keyer, ix *index) (job tokenJob, ok bool) {
	job.tok = rec.Token
	job.item = Item{Line: rec.Line, SourceID: rec.Token.PaymentTokenID}
	job.tok.PaymentTokenID = 0
	if _, err := im.src.remap(&job.tok); err != nil {
		im.fail(job.item, err.Error())
		return job, false
	}
	job.item.Key = key.of(&job.tok)
	job.d = digestOf(job.item.Key)
	t := ix.byKey[job.d]
	if t == nil {
		job.item.Action = ActionCreate
		return job, true
	}
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
	if changes := compare(&job.tok, &t.tok, true); len(changes) > 0 {
		job.item.Changes = changes
		if im.opts.Update {
			job.item.Action = ActionUpdate
			job.tok.PaymentTokenID = t.tok.PaymentTokenID
		}
	}
	return job, true
}

// create sends one create, journaled before it is sent and after it
// succeeds. An outcome that is unknown is settled by the reconciler; the
// create is sent again only when the store proves it was not applied.
func (im *importer) create(ctx context.Context, job tokenJob) {
	if ctx.Err() != nil || !im.journalize(opIntent, job.d, job.item.Line, 0) {
		return
	}
	if im.journal != nil {
		if _, pending := im.journal.pending[job.d]; pending {
			im.reconciled() // an interrupted run's create that the fresh listing did not find
		}
	}
	var last error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
		id, err := im.rec.send(ctx, job.tok, job.d)
		switch {
		case err == nil:
			im.created(job, id, opCreated)
			return
		case ctx.Err() != nil:
			return // the intent stays in the journal; the next run settles it
		case refused(err):
			if im.journalize(opRefused, job.d, job.item.Line, 0) {
				im.fail(job.item, "the API refused the create: "+err.Error())
			}
			return
		}
		last = err
		id, found, rerr := im.rec.resolve(ctx, job.d)
		if rerr != nil {
			if ctx.Err() == nil {
				im.fail(job.item, fmt.Sprintf("the create's outcome is unknown (%v) and %v; run the import again with the same journal to settle it", err, rerr))
			}
			return
		}
		im.reconciled()
		if found {
			im.created(job, id, opMatched)
			return
		}
	}
	im.fail(job.item, fmt.Sprintf("the create's outcome was unknown %d times (last: %v) and the target did not hold the key after any of them; not sent again", maxCreateAttempts, last))
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
	if ctx.Err() != nil {
		return
	}
	for i, j := range jobs {
		switch {
		case results == nil:
			im.fail(j.item, "the update was not sent: "+err.Error())
		case results[i].OK():
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
