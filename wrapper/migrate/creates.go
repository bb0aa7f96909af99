package migrate

import (
	"context"
	"errors"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// creates hands the creates to send to at most a given number of
// goroutines, one token at a time, or with ImportOptions.BulkCreate in
// arrays of up to that many.
type creates struct {
	im      *importer
	ctx     context.Context
	size    int
	batch   []parked
	senders errgroup.Group
}

// startCreates returns a creates that sends on up to senders goroutines.
func (im *importer) startCreates(ctx context.Context, senders int) *creates {
	cr := &creates{im: im, ctx: ctx, size: max(im.opts.BulkCreate, 1)}
	cr.senders.SetLimit(max(senders, 1))
	return cr
}

// add queues one create, sending a full batch (waiting for a free sender).
func (cr *creates) add(car parked) {
	if cr.batch = append(cr.batch, car); len(cr.batch) == cr.size {
		cr.send(cr.batch)
		cr.batch = nil
	}
}

// send hands a batch to a sender once one is free.
func (cr *creates) send(batch []parked) {
	cr.senders.Go(func() error {
		cr.im.sendCreates(cr.ctx, batch)
		return nil
	})
}

// close sends the last, partial batch when flush is set, and waits for
// every batch to be sent.
func (cr *creates) close(flush bool) {
	if flush && len(cr.batch) > 0 {
		cr.send(cr.batch)
	}
	_ = cr.senders.Wait() // the senders return no error: each records its own
}

// sendCreates sends a batch: each token alone, or as one array with BulkCreate.
func (im *importer) sendCreates(ctx context.Context, cars []parked) {
	if im.opts.BulkCreate == 0 {
		for _, car := range cars {
			im.send(ctx, car)
		}
		return
	}
	im.sendArray(ctx, cars)
}

// sendArray sends one array of creates, the intent of every key journaled
// (in one write) before it is sent. A token whose answer item came is held
// (answered) until a read of the store pairs it with its id by key (pair):
// the answer's positions are not trusted. A token without one is decided as
// send decides a single create: refused (it fails alone, journaled), or of
// unknown outcome (parked, to be settled by reading the store after its
// window, never sent again blind).
func (im *importer) sendArray(ctx context.Context, cars []parked) {
	intents := make([]keyRecord, len(cars))
	toks := make([]wrapper.PaymentToken, len(cars))
	for i, car := range cars {
		intents[i] = keyRecord{op: opIntent, d: car.job.d, line: car.job.item.Line}
		toks[i] = car.job.tok
	}
	if im.stopping(ctx) || !im.journalizeAll(intents...) || !im.recordCreate(ctx) {
		return
	}
	sentAt := time.Now()
	im.ahead.creates.Add(-int64(len(cars)))
	results, err := im.c.CreateMany(ctx, toks)
	im.reachable(err)
	var (
		ans     answered
		refused []keyRecord
		items   []Item
		whys    []string
	)
	for i, car := range cars {
		car.sentAt, car.attempts = sentAt, car.attempts+1
		var res *wrapper.Result
		if results != nil {
			res = &results[i]
		}
		if res != nil && res.Status != 0 && !res.OutcomeUnknown {
			ans.cars, ans.results = append(ans.cars, car), append(ans.results, *res)
			continue
		}
		switch out, why := itemOutcome(res, err); out {
		case notApplied:
			refused = append(refused, keyRecord{op: opRefused, d: car.job.d, line: car.job.item.Line})
			items, whys = append(items, car.job.item), append(whys, why)
		default:
			car.cause = why
			im.parking.add(car)
		}
	}
	if len(ans.cars) > 0 {
		im.answers.add(ans)
		im.sent(len(ans.cars))
	}
	if !im.journalizeAll(refused...) {
		return
	}
	for i, it := range items {
		if errors.Is(err, wrapper.ErrUnreachable) { // never reached the API: no refusal of arrays
			im.fail(it, "the API did not create it: "+whys[i])
			continue
		}
		im.refusedInArray(it, whys[i])
	}
}

// itemOutcome classifies one token of an array create that has no answer
// item (res is nil when CreateMany sent nothing, else its Status is 0 or it
// is marked OutcomeUnknown) from CreateMany's error, and says why it was
// not created.
func itemOutcome(res *wrapper.Result, err error) (outcome, string) {
	var batchErr *wrapper.BatchError
	switch {
	case res == nil:
		return classify(err), err.Error()
	case res.OutcomeUnknown:
		return maybeLanded, res.Message
	case errors.As(err, &batchErr) && batchErr.Err == nil:
		return notApplied, res.Message // refused in a group the split did not break up
	}
	return classify(err), res.Message // its array failed as a whole
}
