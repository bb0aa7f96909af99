package pipeline

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// How a pacer converges on what the store grants when other programs use
// the same store (see Retries and pacing in the wrapper package's doc).
const (
	// cutFactor is what a 429 leaves of the rate.
	cutFactor = 0.6
	// shareMargin is how much of its measured share of the store's grant a
	// client takes after its first 429.
	shareMargin = 0.8
	// recoveryPerBucket is the part of the configured rate won back every
	// bucket time (burst ÷ rate) without a 429.
	recoveryPerBucket = 0.01
	// minRateDivisor bounds the cut: never below the configured rate ÷ this.
	minRateDivisor = 64
)

// pacer keeps the client inside the API's leaky bucket. Alone on a store
// it sends at the configured rate and burst. A 429 means the bucket is
// fuller than this client believed (another program uses the same store):
// it stops bursting and cuts its rate, the first time to a share of what
// the store granted it so far, then by cutFactor for each 429 of a request
// sent after the last cut; it wins the rate back slowly, and the burst once
// the rate is whole again and a bucket time passed without a 429. A 429's
// Retry-After holds every request of the client back until then.
type pacer struct {
	limiter  *rate.Limiter
	max      float64       // the configured rate
	burst    int           // the configured burst, less one request of headroom
	bucket   time.Duration // the configured burst ÷ rate: how long the store's bucket takes to drain
	maxPause time.Duration // the cap of a Retry-After
	adaptive bool
	now      func() time.Time

	mu          sync.Mutex
	sent        uint64    // requests let through; a request's ticket is its number
	cutAt       uint64    // the last ticket let through before the last cut: a 429 to it or an earlier one is old news
	slowed      bool      // the rate or the burst is below the configured one
	lastCut     time.Time // when the rate was last cut
	raisedAt    time.Time // when the rate was last raised
	since       time.Time // the start of the current run at full rate
	accepted    int       // answers other than 429 since then
	pausedUntil time.Time // a Retry-After's end
}

// newPacer returns nil (no pacing) when perSecond is 0.
func newPacer(perSecond float64, burst int, adaptive bool, maxPause time.Duration, now func() time.Time) *pacer {
	if perSecond <= 0 {
		return nil
	}
	bucket := time.Duration(float64(burst) / perSecond * float64(time.Second))
	// One request of headroom: requests that reach the API closer together
	// than they were sent (network jitter up to 1/rate) still fit its bucket.
	burst = max(1, burst-1)
	return &pacer{limiter: rate.NewLimiter(rate.Limit(perSecond), burst), max: perSecond, burst: burst, bucket: bucket,
		maxPause: maxPause, adaptive: adaptive, now: now}
}

// wait blocks until the next request may be sent, or ctx ends, and returns
// the request's ticket for throttled.
func (p *pacer) wait(ctx context.Context) (uint64, error) {
	if p == nil {
		return 0, nil
	}
	if err := p.waitPause(ctx); err != nil {
		return 0, err
	}
	p.recover()
	if err := p.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("waiting for the rate limit: %w", ctx.Err())
		}
		// The limiter refuses at once a wait that would outlast the deadline.
		return 0, fmt.Errorf("waiting for the rate limit would pass the deadline: %w", context.DeadlineExceeded)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent++
	if p.since.IsZero() {
		p.since = p.now()
	}
	return p.sent, nil
}

// waitPause waits out a Retry-After, failing at once when it would pass ctx's deadline.
func (p *pacer) waitPause(ctx context.Context) error {
	p.mu.Lock()
	pause := p.pausedUntil.Sub(p.now())
	p.mu.Unlock()
	if pause <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < pause {
		return fmt.Errorf("waiting for the rate limit would pass the deadline: %w", context.DeadlineExceeded)
	}
	if err := SleepCtx(ctx, pause); err != nil {
		return fmt.Errorf("waiting for the rate limit: %w", err)
	}
	return nil
}

// answered records an answer other than 429.
func (p *pacer) answered() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accepted++
}

// throttled records a 429 to the request of ticket, with the Retry-After
// the API sent (0 when none).
func (p *pacer) throttled(ticket uint64, retryAfter time.Duration) {
	if p == nil || !p.adaptive {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if until := now.Add(min(retryAfter, p.maxPause)); until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	if ticket <= p.cutAt {
		return // sent before the last cut, which already took this congestion into account
	}
	limit := float64(p.limiter.Limit()) * cutFactor
	if !p.slowed {
		// The store granted at most its burst plus its rate over the time
		// since: this client's share of that is what fits.
		granted := float64(p.burst+1) + p.max*now.Sub(p.since).Seconds()
		limit = min(limit, shareMargin*p.max*float64(p.accepted)/granted)
	}
	limit = max(limit, p.max/minRateDivisor)
	p.limiter.SetLimitAt(now, rate.Limit(limit))
	p.limiter.SetBurstAt(now, 1)
	p.limiter.AllowN(now, 1) // the refused request spent its slot: the retry waits one interval
	p.cutAt, p.slowed, p.lastCut, p.raisedAt = p.sent, true, now, now
}

// recover wins back recoveryPerBucket of the configured rate per bucket
// time since the last raise, and the burst once the rate is whole and a
// bucket time passed since the last cut.
func (p *pacer) recover() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.slowed {
		return
	}
	now := p.now()
	gain := p.max * recoveryPerBucket * now.Sub(p.raisedAt).Seconds() / p.bucket.Seconds()
	limit := min(p.max, float64(p.limiter.Limit())+gain)
	p.limiter.SetLimitAt(now, rate.Limit(limit))
	p.raisedAt = now
	if limit == p.max && now.Sub(p.lastCut) >= p.bucket {
		p.limiter.SetBurstAt(now, p.burst)
		p.slowed, p.since, p.accepted = false, now, 0
	}
}
