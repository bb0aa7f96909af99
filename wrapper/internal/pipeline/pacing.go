package pipeline

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer keeps the client inside the API's leaky bucket. After a 429 (the
// API's bucket is fuller than this client believed: another process uses
// the same store) it drops its burst to one request and paces at the leak
// rate until a bucket's worth of time has passed without another 429.
type pacer struct {
	limiter  *rate.Limiter
	burst    int
	quiet    time.Duration // how long without a 429 before the burst comes back
	adaptive bool
	now      func() time.Time

	mu             sync.Mutex
	throttledUntil time.Time // zero when the full burst is allowed
}

// newPacer returns nil (no pacing) when perSecond is 0.
func newPacer(perSecond float64, burst int, adaptive bool, now func() time.Time) *pacer {
	if perSecond <= 0 {
		return nil
	}
	quiet := time.Duration(float64(burst) / perSecond * float64(time.Second))
	// One request of headroom: requests that reach the API closer together
	// than they were sent (network jitter up to 1/rate) still fit its bucket.
	burst = max(1, burst-1)
	return &pacer{limiter: rate.NewLimiter(rate.Limit(perSecond), burst), burst: burst, quiet: quiet, adaptive: adaptive, now: now}
}

// wait blocks until the next request may be sent, or ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	p.restoreWhenQuiet()
	if err := p.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("waiting for the rate limit: %w", ctx.Err())
		}
		// The limiter refuses at once a wait that would outlast the deadline.
		return fmt.Errorf("waiting for the rate limit would pass the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

// throttled records a 429: no bursts until the API's bucket has had time to drain.
func (p *pacer) throttled() {
	if p == nil || !p.adaptive {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.limiter.SetBurstAt(now, 1)
	p.throttledUntil = now.Add(p.quiet)
}

// restoreWhenQuiet gives the burst back once the quiet time has passed.
func (p *pacer) restoreWhenQuiet() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.now(); !p.throttledUntil.IsZero() && !now.Before(p.throttledUntil) {
		p.limiter.SetBurstAt(now, p.burst)
		p.throttledUntil = time.Time{}
	}
}
