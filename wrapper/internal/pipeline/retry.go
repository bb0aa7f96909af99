package pipeline

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WaitFunc waits d or until ctx ends; tests replace it so that they never sleep.
type WaitFunc func(ctx context.Context, d time.Duration) error

// SleepCtx waits d on a timer, ending at once with ctx.Err() when ctx is done.
func SleepCtx(ctx context.Context, d time.Duration) error {
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

// throttling is what the 429s of one request have cost so far.
type throttling struct {
	count  int           // 429s answered
	since  time.Time     // when the first came
	waited time.Duration // the backoff waits asked for since then (a test's WaitFunc does not sleep)
}

// retryThrottled decides whether a request just answered 429 is sent
// again, whatever its method (a 429 proves that the API did nothing), and
// whatever WithMaxRetries says unless it is 0: while its 429s have lasted
// less than RateLimitWait. When they have lasted longer, it says so.
func (p *Pipeline) retryThrottled(ctx context.Context, t *throttling) (bool, error) {
	if t.count == 0 {
		t.since = time.Now() // the pacer's waits are in real time
	}
	t.count++
	if p.cfg.MaxRetries == 0 || ctx.Err() != nil {
		return false, nil
	}
	if lasted := max(time.Since(t.since), t.waited); lasted >= p.cfg.RateLimitWait {
		return false, fmt.Errorf("gave up: the store answered 429 for %v, the wait that WithRateLimitWait allows is %v", lasted.Round(time.Millisecond), p.cfg.RateLimitWait)
	}
	return true, nil
}

// shouldRetry decides whether attempt number attempt (1-based, 429s not
// counted) is sent again; a 429 is retryThrottled's. GET, PUT and DELETE
// are retried on connection failures and transient statuses. POST is retried only where the API certainly did nothing: a 429
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
