package migrate

import (
	"sync/atomic"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// ahead is what an import still has to send, for its estimate of the time
// left: planned from the file's keys and the target's listing, then
// counted down as the tokens go.
type ahead struct {
	creates atomic.Int64 // file tokens whose key the target lacks, not yet sent
	present atomic.Int64 // file tokens whose key the target holds, not yet planned
}

// plan counts the creates and the tokens to compare ahead, from the file's
// keys and the target's index.
func (a *ahead) plan(ck *checked, ix *index) {
	var creates, present int64
	for d := range ck.lines {
		if ix.byKey[d] == nil {
			creates++
		} else {
			present++
		}
	}
	a.creates.Store(creates)
	a.present.Store(present)
}

// listRequests is how many requests a listing of n tokens sends: the
// count, then the pages.
func listRequests(n, pageSize int) int {
	return 1 + n/max(pageSize, 1) + 1
}

// ceilDiv is n/d rounded up, for n >= 0.
func ceilDiv(n, d int) int { return (n + d - 1) / d }

// eta estimates the rest of an import's write or prune phase (tracker.eta):
// the requests left timed at the client's pacing (what is left of the
// burst goes at once, the rest at the rate), or at the recent pace when
// that is slower (the API answers more slowly than the pacing lets
// requests go) or pacing is off, plus the settle windows still ahead and
// the read of the store after them. An update is counted for every token
// the target holds when ImportOptions.Update is set (some will be
// unchanged), in requests of wrapper.DefaultBatchSize.
func (im *importer) eta(p Progress, recent time.Duration) (time.Duration, bool) {
	var requests int
	var window time.Duration
	switch {
	case im.opts.DryRun:
		return 0, false
	case p.Phase == PhaseWrite:
		requests = ceilDiv(int(max(im.ahead.creates.Load(), 0)), max(im.opts.BulkCreate, 1))
		if im.opts.Update {
			requests += ceilDiv(int(max(im.ahead.present.Load(), 0)), wrapper.DefaultBatchSize)
		}
		if until, ok := im.settleUntil(); ok || !p.WaitUntil.IsZero() { // a window ahead, or the one the run waits for
			if p.WaitUntil.After(until) {
				until = p.WaitUntil
			}
			window = max(time.Until(until), 0)
			requests += listRequests(p.Created+p.Unchanged+p.Updated+p.Differing, im.opts.PageSize)
		}
	case p.Phase == PhasePrune:
		requests = p.Total - p.Done
	default:
		return 0, false
	}
	paced := im.c.Pacing().Time(requests)
	return max(paced, recent) + window, true
}

// settleUntil is when the settle window of the latest create of unknown
// outcome ends; ok is false when nothing waits for a read of the store.
func (im *importer) settleUntil() (until time.Time, ok bool) {
	for _, car := range im.parking.snapshot() {
		if t := car.sentAt.Add(im.opts.Settle); t.After(until) {
			until = t
		}
		ok = true
	}
	return until, ok || im.answers.len() > 0
}
