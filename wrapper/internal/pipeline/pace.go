package pipeline

import (
	"sync"
	"time"
)

// Pace is what the pipeline's pacing and retries hold now: what an
// estimate of the time left is computed from, and what a display of the
// waits shows.
type Pace struct {
	PerSecond  float64   // the pacer's rate; 0 when pacing is off
	Burst      int       // the pacer's burst now (1 after a 429, until the bucket has drained)
	Available  float64   // requests the pacer lets through at once now (below 0: requests wait for it)
	RetryUntil time.Time // when the latest wait before a retry ends; zero before any
	RetryCause string    // why that retry is sent ("status 429", ...)
}

// retryWait is the latest wait before a retry, for Pace.
type retryWait struct {
	mu    sync.Mutex
	until time.Time
	cause string
}

// set records a wait before a retry that ends at until; the later of two
// concurrent waits is kept.
func (w *retryWait) set(until time.Time, cause string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if until.After(w.until) {
		w.until, w.cause = until, cause
	}
}

// Pace reads the pacing and retry state now.
func (p *Pipeline) Pace() Pace {
	p.retry.mu.Lock()
	s := Pace{RetryUntil: p.retry.until, RetryCause: p.retry.cause}
	p.retry.mu.Unlock()
	if p.pacer != nil {
		now := p.cfg.Now()
		s.PerSecond, s.Burst, s.Available = float64(p.pacer.limiter.Limit()), p.pacer.limiter.Burst(), p.pacer.limiter.TokensAt(now)
		p.pacer.mu.Lock()
		if p.pacer.pausedUntil.After(s.RetryUntil) { // a 429's Retry-After holds every request back
			s.RetryUntil, s.RetryCause = p.pacer.pausedUntil, "status 429"
		}
		p.pacer.mu.Unlock()
	}
	return s
}
