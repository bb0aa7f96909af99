package wrapper

import (
	"context"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// WithWaitFunc replaces the retry wait so that tests never sleep.
func WithWaitFunc(wait func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error {
		c.pipe.Wait = wait
		return nil
	}
}

// WithNoJitter makes backoff exact.
func WithNoJitter() Option {
	return func(c *config) error {
		c.pipe.Jitter = func() float64 { return 0 }
		return nil
	}
}

// WithClock sets the clock that Retry-After dates are read against.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		c.pipe.Now = now
		return nil
	}
}

// WithRealWaits restores the timer-based wait after a test wait was set.
func WithRealWaits() Option {
	return func(c *config) error {
		c.pipe.Wait = nil
		return nil
	}
}

// WithoutAdaptivePacing keeps the burst after a 429, as the client did
// before it adapted, so that tests can compare the two.
func WithoutAdaptivePacing() Option {
	return func(c *config) error {
		c.pipe.Adaptive = false
		return nil
	}
}

// NewSharedTransport returns a transport made as the shared one is, for
// tests that must set its proxy (the environment is read once per process).
var NewSharedTransport = pipeline.NewSharedTransport
