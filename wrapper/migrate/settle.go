package migrate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// maxCreateAttempts bounds how often one key's create is sent when each
// outcome is unknown and each settling read finds the key absent.
const maxCreateAttempts = 3

// MaxSettle is the longest settle window Import takes: thirty times
// [wrapper.BackendTimeout] is far past any create that will land,
// and a longer window is a typo (1000h for 1000s) that would leave a rerun
// waiting for days.
const MaxSettle = time.Hour

// parked is a create whose outcome is unknown, waiting for its settle window.
type parked struct {
	job tokenJob
	// sentAt is when its last create was sent, by this process's clock
	// (monotonic): for a create an earlier run sent, this run's start.
	sentAt   time.Time
	attempts int    // creates of this key sent by this run
	cause    string // why its outcome is unknown, for a failure report
}

// queue holds what waits for a read of the store: the creates whose outcome
// is unknown (parked), and the answered arrays whose ids are not yet paired
// with their tokens (answered). Creates of other keys keep flowing
// meanwhile; the queues are emptied in rounds after the file has been
// streamed (settle).
type queue[T any] struct {
	mu    sync.Mutex
	items []T
}

// add adds items to the queue; a round that could not run puts its items
// back, so that the run reports them as unsettled.
func (q *queue[T]) add(items ...T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, items...)
}

// take empties the queue and returns what it held.
func (q *queue[T]) take() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	items := q.items
	q.items = nil
	return items
}

// snapshot is a copy of the items that wait.
func (q *queue[T]) snapshot() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]T(nil), q.items...)
}

// sum adds up size over the items that wait.
func (q *queue[T]) sum(size func(T) int) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, it := range q.items {
		n += size(it)
	}
	return n
}

// len is how many items wait.
func (q *queue[T]) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
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

// settle decides the parked creates once their windows have passed, and
// pairs the answered arrays' tokens with their ids: it waits until the
// newest parked create has had opts.Settle to land, reads the whole store
// afresh (a listing that must add up), pairs every answered array (pair),
// matches every parked key found there and sends the others again. A create
// sent again and still unknown is parked for another round; after
// maxCreateAttempts the token fails.
func (im *importer) settle(ctx context.Context, ix *index) *index {
	for im.parking.len() > 0 || im.answers.len() > 0 {
		cars := im.parking.take()
		if len(cars) > 0 {
			last := slices.MaxFunc(cars, func(a, b parked) int { return a.sentAt.Compare(b.sentAt) }).sentAt
			what := fmt.Sprintf("%d create(s) of unknown outcome to land before reading the store", len(cars))
			if !im.waitUntil(ctx, last.Add(im.opts.Settle), "waiting %v for "+what, what) {
				im.parking.add(cars...)
				return ix
			}
		}
		arrays := im.answers.take()
		im.tr.begin(PhaseSettle, len(cars)+answeredTokens(arrays))
		fresh, err := listIndex(ctx, im.c, ix.key, im.opts.PageSize, func(int) {})
		if err != nil {
			im.parking.add(cars...)
			im.answers.add(arrays...)
			im.fatal(while(err, "reading the target to %s", settling(len(cars), answeredTokens(arrays))))
			return ix
		}
		ix = fresh
		for _, a := range arrays {
			im.pair(a, ix)
		}
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

// settling says what a read of the store is for: settling unknown creates,
// pairing array-created tokens with their ids, or both.
func settling(unknown, answered int) string {
	var parts []string
	if unknown > 0 {
		parts = append(parts, fmt.Sprintf("settle %d create(s) whose outcome is unknown", unknown))
	}
	if answered > 0 {
		parts = append(parts, fmt.Sprintf("pair %d array-created token(s) with their ids", answered))
	}
	return strings.Join(parts, " and ")
}

// waitUntil waits for t, or until the run stops or drains; it reports
// whether t was reached. Before a wait it notes why, formatting why (one
// %v) with the wait; during it the progress says that it waits for what. t is always this process's clock, read with its
// monotonic reading: a wall clock set back or forward meanwhile, or another
// run's clock, can neither shorten nor lengthen the wait.
func (im *importer) waitUntil(ctx context.Context, t time.Time, why, what string) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	im.note(fmt.Sprintf(why, roundWait(d)))
	im.waiting(what, t)
	defer im.waiting("", time.Time{})
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
