package wrapper

import (
	"math"
	"time"
)

// Pacing is the client's pacing ([WithRateLimit]) and retry waits now: what
// a long operation's estimate of its time left is computed from, and what
// a display of its waits shows.
type Pacing struct {
	// PerSecond is the pace after the burst; 0 when pacing is off.
	PerSecond float64
	// Burst is how many requests may go at once now: the burst given to
	// WithRateLimit less one of headroom, or 1 for a while after a 429.
	Burst int
	// Available is how many requests may go at once now, what is left of
	// the burst; below 0 when requests already wait for their turn.
	Available float64
	// RetryUntil is when the latest wait before a retry (a 429's
	// Retry-After, a back-off) ends; zero before any. It is past once that
	// wait is over.
	RetryUntil time.Time
	// RetryCause says why that retry is sent, as "status 429".
	RetryCause string
}

// Pacing reads the client's pacing and retry waits now.
//
// API: none, it sends no request.
func (c *Client) Pacing() Pacing {
	s := c.pipe.Pace()
	return Pacing{PerSecond: s.PerSecond, Burst: s.Burst, Available: s.Available, RetryUntil: s.RetryUntil, RetryCause: s.RetryCause}
}

// Time is the least time n more requests take at this pacing: those past
// what is Available go at PerSecond. It is 0 when pacing is off, and
// leaves out how long the API takes to answer.
func (p Pacing) Time(n int) time.Duration {
	if p.PerSecond <= 0 || float64(n) <= p.Available {
		return 0
	}
	secs := (float64(n) - p.Available) / p.PerSecond
	return time.Duration(math.Min(secs, float64(math.MaxInt64/2)/float64(time.Second)) * float64(time.Second))
}

// Fresh is this pacing as a client that has sent nothing for long enough
// has it: its whole burst available, no retry pending. A dry run's plan is
// timed with it, since the run it plans starts later.
func (p Pacing) Fresh() Pacing {
	return Pacing{PerSecond: p.PerSecond, Burst: p.Burst, Available: float64(p.Burst)}
}
