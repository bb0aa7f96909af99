package pipeline

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WaitFunc waits d or until ctx ends; tests replace it so that they never sleep.
type WaitFunc func(ctx context.Context, d time.Duration) error

// sleepCtx waits on a timer, ending at once with ctx.Err() when ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func randomJitter() float64 { return rand.Float64() }

// shouldRetry decides whether attempt number attempt (1-based) is sent again.
// GET, PUT and DELETE are retried on connection failures and transient
// statuses. POST is retried only where the API certainly did nothing: a 429
// (refused before handling), or an error proving that no byte of the
// request was written (unsent: no connection was made). Anything else may
// have created a token already.
func (p *Pipeline) shouldRetry(ctx context.Context, method string, attempt int, r *Reply, unsent bool, err error) bool {
	if attempt > p.cfg.MaxRetries || ctx.Err() != nil {
		return false
	}
	if err != nil {
		return retryableError(err) && (unsent || method != http.MethodPost)
	}
	if method == http.MethodPost {
		return r.Status == http.StatusTooManyRequests
	}
	switch r.Status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableError reports whether a transport error may pass with time:
// connection failures yes; certificates, TLS records, schemes, refused
// redirects, cancellation and oversized bodies no.
func retryableError(err error) bool {
	var recordHeader tls.RecordHeaderError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, errRedirectRefused), errors.Is(err, errBodyTooLarge), errors.Is(err, http.ErrSchemeMismatch),
		certificateError(err), errors.As(err, &recordHeader):
		return false
	}
	// net/http reports this without a type of its own.
	return !strings.Contains(err.Error(), "unsupported protocol scheme")
}

// backoff is the wait before retry number attempt (1-based): Retry-After when
// the server sent one, else min·2^(attempt-1) minus up to 25 % jitter; never
// more than max.
func (p *Pipeline) backoff(attempt int, header http.Header) time.Duration {
	if d, ok := parseRetryAfter(header.Get("Retry-After"), p.cfg.Now()); ok {
		return min(d, p.cfg.WaitMax)
	}
	d := p.cfg.WaitMax
	if shift := attempt - 1; shift < 63 && p.cfg.WaitMin <= p.cfg.WaitMax>>shift {
		d = p.cfg.WaitMin << shift
	}
	return d - time.Duration(float64(d)*0.25*p.cfg.Jitter())
}

// maxRetryAfterSeconds is the largest delay-seconds that fits a Duration.
const maxRetryAfterSeconds = math.MaxInt64 / int64(time.Second)

// parseRetryAfter reads delay-seconds or an HTTP date. Seconds beyond what a
// Duration holds mean "a very long time", never a negative wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs > maxRetryAfterSeconds || (err != nil && v[0] != '-') {
			return math.MaxInt64, true
		}
		return time.Duration(max(secs, 0)) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
