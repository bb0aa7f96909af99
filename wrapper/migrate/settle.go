package migrate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// maxCreateAttempts bounds how often one key's create is sent when each
// outcome is unknown and each settling read finds the key absent.
const maxCreateAttempts = 3

// DefaultSettle is how long a create whose outcome is unknown is left to
// land before the store is read to decide it. A gateway that answers 504
// (or a connection cut after the request was sent) says nothing about the
// backend, which may apply the create seconds later: the API's ASP.NET
// backend lets a request run for up to 110 s by default. Two minutes is past
// that, so a read after it sees every create that will ever land.
const DefaultSettle = 2 * time.Minute

// parked is a create whose outcome is unknown, waiting for its settle window.
type parked struct {
	job      tokenJob
	sentAt   time.Time // when its last create was sent (maybe by an earlier run)
	attempts int       // creates of this key sent by this run
	cause    string    // why its outcome is unknown, for a failure report
}

// parking holds the creates whose outcome is unknown. Creates of other keys
// keep flowing meanwhile; the parked ones are settled in rounds after the
// file has been streamed.
type parking struct {
	mu   sync.Mutex
	cars []parked
}

// park adds a create to settle later.
func (p *parking) park(c parked) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cars = append(p.cars, c)
}

// take empties the parking and returns what it held.
func (p *parking) take() []parked {
	p.mu.Lock()
	defer p.mu.Unlock()
	cars := p.cars
	p.cars = nil
	return cars
}

// len is how many creates wait.
func (p *parking) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.cars)
}

// outcome classifies the error of a create.
type outcome int

const (
	sentOK      outcome = iota // created
	notApplied                 // the API refused it, or it never left this machine
	maybeLanded                // it may have been applied: settle before sending again
)

// classify tells whether a failed create may have been applied. Only a
// definite refusal (a 4xx other than 408, not marked as an unknown outcome)
// or a request that never reached the API proves that it was not.
func classify(err error) outcome {
	if err == nil {
		return sentOK
	}
	if errors.Is(err, wrapper.ErrOutcomeUnknown) {
		return maybeLanded
	}
	if errors.Is(err, wrapper.ErrUnreachable) {
		return notApplied
	}
	var apiErr *wrapper.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 && apiErr.StatusCode != http.StatusRequestTimeout {
		return notApplied
	}
	return maybeLanded
}

// settle decides the parked creates once their windows have passed: it
// waits until the newest one has had opts.Settle to land, reads the whole
// store afresh (a listing that must add up), matches every parked key found
// there and sends the others again. A create sent again and still unknown is
// parked for another round; after maxCreateAttempts the token fails.
func (im *importer) settle(ctx context.Context, ix *index) *index {
	for round := 0; im.parking.len() > 0; round++ {
		cars := im.parking.take()
		last := slices.MaxFunc(cars, func(a, b parked) int { return a.sentAt.Compare(b.sentAt) }).sentAt
		if !im.waitUntil(ctx, last.Add(im.opts.Settle), len(cars)) {
			im.parking.putBack(cars)
			return ix
		}
		im.tr.begin(PhaseSettle, len(cars))
		fresh, err := listIndex(ctx, im.c, ix.key, im.opts.PageSize, func(int) {})
		if err != nil {
			im.parking.putBack(cars)
			im.fatal(while(err, "reading the target to settle %d create(s) whose outcome is unknown", len(cars)))
			return ix
		}
		ix = fresh
		var again []parked
		for _, car := range cars {
			im.reconciled()
			t := ix.byKey[car.job.d]
			switch {
			case t != nil && t.ambiguity() != "":
				im.fail(car.job.item, t.ambiguity())
			case t != nil:
				im.created(car.job, t.tok.PaymentTokenID, opMatched)
			case car.attempts >= maxCreateAttempts:
				im.fail(car.job.item, fmt.Sprintf("the create's outcome was unknown %d times (last: %s) and the target did not hold the key after waiting %v each time; not sent again", car.attempts, car.cause, im.opts.Settle))
			default:
				again = append(again, car)
			}
		}
		im.sendAll(ctx, again)
	}
	return ix
}

// putBack returns creates to the parking when a round could not run, so
// that the run reports them as unsettled.
func (p *parking) putBack(cars []parked) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cars = append(p.cars, cars...)
}

// waitUntil waits for t, or until the run stops or drains; it reports
// whether t was reached.
func (im *importer) waitUntil(ctx context.Context, t time.Time, n int) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	im.note(fmt.Sprintf("waiting %v for %d create(s) of unknown outcome to land before reading the store", roundWait(d), n))
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
	case <-im.opts.Drain:
	}
	return false
}

// roundWait rounds a wait for a message: to the second, below that to the
// millisecond (a 500 ms window is not "0s").
func roundWait(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
