// Package pipeline is the HTTP pipeline behind wrapper.Client: it paces,
// sends, retries and reads every request, and tells an unreachable API, a
// silent one and a write whose outcome is unknown apart. Its rules are
// stated in the wrapper package's documentation.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Config is what the client's options set; a nil func or Logger takes its default.
type Config struct {
	Logger                *slog.Logger // nil: silent
	MaxRetries            int
	WaitMin, WaitMax      time.Duration
	RatePerSec            float64 // 0: no pacing
	RateBurst             int
	Adaptive              bool          // slow down after a 429
	RateLimitWait         time.Duration // how long one request keeps retrying 429s
	Limiter               Limiter       // nil: the client paces itself (RatePerSec, RateBurst)
	Store                 string        // the store's digest, the Limiter's key
	MaxBody, MaxErrorBody int64
	Wait                  WaitFunc         // nil: a timer
	Jitter                func() float64   // nil: random
	Now                   func() time.Time // nil: time.Now
}

// Pipeline sends the requests of one client; it is safe for many goroutines.
type Pipeline struct {
	cfg       Config
	http      *http.Client
	authorize func(context.Context, *http.Request) error // sets the auth headers
	redact    func(string) string                        // masks the secrets in text taken from answers
	pacer     *pacer                                     // nil when pacing is off
	retry     retryWait                                  // the latest wait before a retry, for Pace
}

// New returns the pipeline sending through hc, which it keeps as given.
func New(cfg Config, hc *http.Client, authorize func(context.Context, *http.Request) error, redact func(string) string) *Pipeline {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Wait == nil {
		cfg.Wait = SleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = randomJitter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p := &Pipeline{cfg: cfg, http: hc, authorize: authorize, redact: redact}
	if cfg.Limiter == nil {
		p.pacer = newPacer(cfg.RatePerSec, cfg.RateBurst, cfg.Adaptive, cfg.WaitMax, cfg.Now)
	}
	return p
}

// Limiter shares a store's rate budget among the clients of many
// processes: wrapper.Limiter, which documents it.
type Limiter interface {
	Wait(ctx context.Context, store string) error
	Penalize(ctx context.Context, store string, retryAfter time.Duration)
}

// paced reports whether requests wait for a pacer or a Limiter, which then
// space the retries of a 429 themselves.
func (p *Pipeline) paced() bool { return p.pacer != nil || p.cfg.Limiter != nil }

// waitTurn blocks until the next request may be sent and returns its
// ticket (see pacer.wait).
func (p *Pipeline) waitTurn(ctx context.Context) (uint64, error) {
	if p.cfg.Limiter == nil {
		return p.pacer.wait(ctx)
	}
	if err := p.cfg.Limiter.Wait(ctx, p.cfg.Store); err != nil {
		return 0, fmt.Errorf("waiting for the shared rate limit: %w", err)
	}
	return 0, nil
}

// recordAnswer tells the pacer or the Limiter how the request of ticket was answered.
func (p *Pipeline) recordAnswer(ctx context.Context, ticket uint64, status int, header http.Header) {
	if status != http.StatusTooManyRequests {
		p.pacer.answered()
		return
	}
	retryAfter, _ := parseRetryAfter(header.Get("Retry-After"), p.cfg.Now())
	if p.cfg.Limiter != nil {
		p.cfg.Limiter.Penalize(ctx, p.cfg.Store, min(retryAfter, p.cfg.WaitMax))
		return
	}
	p.pacer.throttled(ticket, retryAfter)
}

// HTTPClient is the client the requests are sent through.
func (p *Pipeline) HTTPClient() *http.Client { return p.http }

// Reply is one answer, read whole within the body caps.
type Reply struct {
	Status       int
	Header       http.Header
	Body         []byte
	Method, Path string
	Attempts     int
	Redact       func(string) string // the client's, for errors quoting the answer
	// OutcomeUnknown is set on a failed write when an earlier attempt may
	// have been applied (its connection was cut after sending, or it got a 5xx).
	OutcomeUnknown bool
	// GaveUp is why no retry followed a retryable answer (ctx ended), or nil.
	GaveUp error
}

// OK reports a 2xx status.
func (r *Reply) OK() bool { return r.Status >= 200 && r.Status < 300 }
