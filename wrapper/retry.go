package wrapper

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// waitFunc waits d or until ctx ends; tests replace it so that they never sleep.
type waitFunc func(ctx context.Context, d time.Duration) error

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

// retryableStatus reports whether an answer with this status may be sent
// again. POST is retried only on 429, where the API refused it before doing
// anything: any other failure may have created a token already.
func retryableStatus(method string, status int) bool {
	if method == http.MethodPost {
		return status == http.StatusTooManyRequests
	}
	switch status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableError reports whether a transport error may be retried: connection
// failures yes; certificates, schemes, refused redirects, cancellation and
// oversized bodies no. A POST whose outcome is unknown is never resent.
func retryableError(ctx context.Context, method string, err error) bool {
	if method == http.MethodPost || ctx.Err() != nil {
		return false
	}
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verification *tls.CertificateVerificationError
	var recordHeader tls.RecordHeaderError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, errRedirectRefused), errors.Is(err, errBodyTooLarge),
		errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid),
		errors.As(err, &verification), errors.As(err, &recordHeader):
		return false
	case strings.Contains(err.Error(), "unsupported protocol scheme"),
		strings.Contains(err.Error(), "stopped after"): // net/http's redirect limit
		return false
	}
	return true
}

// backoff is the wait before retry number attempt (1-based): Retry-After when
// the server sent one, else min·2^(attempt-1) minus up to 25 % jitter; never
// more than max.
func (c *Client) backoff(attempt int, header http.Header) time.Duration {
	if d, ok := parseRetryAfter(header.Get("Retry-After"), c.cfg.now()); ok {
		return min(d, c.cfg.waitMax)
	}
	d := c.cfg.waitMin << min(attempt-1, 30)
	if d <= 0 || d > c.cfg.waitMax {
		d = c.cfg.waitMax
	}
	return d - time.Duration(float64(d)*0.25*c.cfg.jitter())
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(secs, 0)) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
