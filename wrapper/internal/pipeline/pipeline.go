// Package pipeline is the HTTP pipeline behind wrapper.Client: it paces,
// sends, retries and reads every request, and tells an unreachable API, a
// silent one and a write whose outcome is unknown apart. Its rules are
// stated in the wrapper package's documentation.
package pipeline

import (
	"context"
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
	Adaptive              bool // drop the burst after a 429
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
		cfg.Wait = sleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = randomJitter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Pipeline{cfg: cfg, http: hc, authorize: authorize, redact: redact,
		pacer: newPacer(cfg.RatePerSec, cfg.RateBurst, cfg.Adaptive, cfg.Now)}
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
