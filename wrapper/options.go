package wrapper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// DefaultBaseURL is the production REST API.
const DefaultBaseURL = "https://apirest.3dcart.com/3dCartWebAPI/v2"

// Defaults of the options, chosen for the real API's limits.
const (
	// DefaultMaxRetries is how many times a failed request is sent again ([WithMaxRetries]).
	DefaultMaxRetries = 3
	// DefaultRetryWaitMin is the first backoff wait ([WithRetryWait]).
	DefaultRetryWaitMin = 500 * time.Millisecond
	// DefaultRetryWaitMax caps every retry wait, Retry-After included ([WithRetryWait]).
	DefaultRetryWaitMax = 8 * time.Second
	// DefaultRatePerSec is the API's leak rate in requests per second ([WithRateLimit]).
	DefaultRatePerSec = 2
	// DefaultRateBurst is the API's bucket size in requests ([WithRateLimit]).
	DefaultRateBurst = 50
	// DefaultRateLimitWait is how long one request keeps retrying 429s ([WithRateLimitWait]).
	DefaultRateLimitWait = 10 * time.Minute
	// DefaultMaxBody caps a successful answer's body in bytes, 16 MiB ([WithMaxBodySize]).
	DefaultMaxBody = 16 << 20
	// DefaultMaxErrorBody caps what is read of an error answer's body, 64 KiB ([WithMaxBodySize]).
	DefaultMaxErrorBody = 64 << 10
	// DefaultBatchSize is how many tokens one UpdateMany request carries ([WithBatchSize]).
	DefaultBatchSize = 100
	// DefaultTimeout bounds a request when the context has no deadline (the default http.Client's Timeout).
	DefaultTimeout = 2 * time.Minute
)

// Option configures a Client; options validate their input.
type Option func(*config) error

// config is what the options set; New turns it into a Client.
type config struct {
	baseURL     *url.URL
	httpClient  http.Client
	userAgent   string
	batchSize   int
	concurrency int
	pipe        pipeline.Config
}

func defaultConfig() *config {
	base, _ := url.Parse(DefaultBaseURL)
	return &config{
		baseURL:     base,
		httpClient:  http.Client{Timeout: DefaultTimeout, Transport: pipeline.SharedTransport},
		userAgent:   userAgent,
		batchSize:   DefaultBatchSize,
		concurrency: 1,
		pipe: pipeline.Config{
			MaxRetries: DefaultMaxRetries,
			WaitMin:    DefaultRetryWaitMin, WaitMax: DefaultRetryWaitMax,
			RatePerSec: DefaultRatePerSec, RateBurst: DefaultRateBurst,
			Adaptive:      true,
			RateLimitWait: DefaultRateLimitWait,
			MaxBody:       DefaultMaxBody, MaxErrorBody: DefaultMaxErrorBody,
		},
	}
}

// WithBaseURL sets the API's base URL (default [DefaultBaseURL]); it
// refuses what [CheckBaseURL] refuses: plain http to a host that is not
// loopback (see Proxies in the package doc), and a query (?...) or a
// fragment (#...), which the request paths, joined to its path, could not keep.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		parsed, err := parseBaseURL(u)
		if err != nil {
			return fmt.Errorf("paymenttokens: WithBaseURL(%q): %w", u, err)
		}
		c.baseURL = parsed
		return nil
	}
}

// CheckBaseURL reports why WithBaseURL would refuse u, or nil. The error
// says what is wrong without naming the option, for a program that takes
// the URL from its own flag or setting.
func CheckBaseURL(u string) error {
	if _, err := parseBaseURL(u); err != nil {
		return fmt.Errorf("paymenttokens: %w", err)
	}
	return nil
}

// parseBaseURL parses u as the API's base URL: https, or http to a loopback host.
func parseBaseURL(u string) (*url.URL, error) {
	parsed, err := url.Parse(strings.TrimRight(u, "/"))
	if err != nil || parsed.Host == "" {
		return nil, fmt.Errorf("want an absolute URL such as %s", DefaultBaseURL)
	}
	switch {
	case parsed.Scheme == "https":
	case parsed.Scheme == "http" && pipeline.IsLoopback(parsed.Hostname()):
	case parsed.Scheme == "http":
		return nil, errors.New("plain http would send the PrivateKey and Token in clear text; use https (http is allowed for loopback hosts only)")
	default:
		return nil, fmt.Errorf("scheme %q is not supported; use https", parsed.Scheme)
	}
	if parsed.RawQuery != "" || parsed.ForceQuery || parsed.Fragment != "" {
		return nil, fmt.Errorf("a base URL has no query (?...) nor fragment (#...): the request paths are joined to its path; give it without them, such as %s", DefaultBaseURL)
	}
	return parsed, nil
}

// WithHTTPClient sets the HTTP client; it is copied, never mutated. Without
// it, Clients share one transport (see Many stores in the package doc). Any
// RoundTripper works (see Retries and pacing in the package doc).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("paymenttokens: WithHTTPClient(nil): pass an *http.Client, or leave the option out for the default")
		}
		c.httpClient = *hc
		return nil
	}
}

// WithUserAgent puts ua in front of the library's own User-Agent.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.ContainsAny(ua, "\r\n") {
			return errors.New("paymenttokens: WithUserAgent: the value must not contain line breaks")
		}
		if ua = strings.TrimSpace(ua); ua != "" {
			c.userAgent = ua + " " + userAgent
		}
		return nil
	}
}

// WithLogger sets the logger (silent by default), which records retries and
// attempts but never a header, a body or an error's text (see Retries and
// pacing in the package doc).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("paymenttokens: WithLogger(nil): pass a *slog.Logger, or leave the option out to stay silent")
		}
		c.pipe.Logger = l
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried (default
// [DefaultMaxRetries]; 0 turns retries off, those of a 429 included). A 429
// does not count: [WithRateLimitWait] bounds its retries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("paymenttokens: WithMaxRetries(%d): want 0 or more", n)
		}
		c.pipe.MaxRetries = n
		return nil
	}
}

// WithRetryWait bounds the wait between retries: exponential backoff starts
// at min, and no wait (Retry-After included) exceeds max. Defaults
// [DefaultRetryWaitMin] and [DefaultRetryWaitMax].
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *config) error {
		if minWait < 0 || maxWait < minWait {
			return fmt.Errorf("paymenttokens: WithRetryWait(%v, %v): want 0 <= min <= max", minWait, maxWait)
		}
		c.pipe.WaitMin, c.pipe.WaitMax = minWait, maxWait
		return nil
	}
}

// WithRateLimit paces the client to perSecond requests with bursts of up to
// burst (default [DefaultRatePerSec] and [DefaultRateBurst], the API's
// leaky bucket; see Retries and pacing in the package doc).
// WithRateLimit(0, 0) turns pacing off.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error {
		if perSecond == 0 && burst == 0 {
			c.pipe.RatePerSec, c.pipe.RateBurst = 0, 0
			return nil
		}
		if !(perSecond > 0) || math.IsInf(perSecond, 1) || burst < 1 { // !(x > 0) also refuses NaN
			return fmt.Errorf("paymenttokens: WithRateLimit(%v, %d): want perSecond > 0 and burst >= 1, or (0, 0) to turn pacing off", perSecond, burst)
		}
		c.pipe.RatePerSec, c.pipe.RateBurst = perSecond, burst
		return nil
	}
}

// WithRateLimitWait sets how long one request keeps retrying while the API
// answers it 429 (default [DefaultRateLimitWait]; 0: a 429 is not
// retried). A 429 proves that the API did nothing, so creates are retried
// too; the client slows down to what the store grants meanwhile (see
// Retries and pacing in the package doc). When the time is up, the error
// is the last 429's, saying so.
func WithRateLimitWait(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("paymenttokens: WithRateLimitWait(%v): want 0 or more", d)
		}
		c.pipe.RateLimitWait = d
		return nil
	}
}

// Limiter shares one store's rate budget among the clients of many
// processes and machines; package rediscoord has one on Redis. The client
// passes its [Client.StoreDigest] as store.
type Limiter interface {
	// Wait blocks until one more request may be sent to store, or fails;
	// the request is then not sent, and its error names the Limiter.
	Wait(ctx context.Context, store string) error
	// Penalize records that store answered 429, with its Retry-After (0
	// when none came), so that every client of the store slows down.
	Penalize(ctx context.Context, store string, retryAfter time.Duration)
}

// WithLimiter paces the client through l instead of by itself, so that
// every process on the store shares its budget (see Retries and pacing in
// the package doc); [WithRateLimit] then has no effect.
func WithLimiter(l Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("paymenttokens: WithLimiter(nil): pass a Limiter, or leave the option out for the client's own pacing")
		}
		c.pipe.Limiter = l
		return nil
	}
}

// WithMaxBodySize caps what is read of a response: data for successful
// answers (default [DefaultMaxBody]), errorBody for error answers (default
// [DefaultMaxErrorBody]). A larger body ends the call with an error instead
// of filling memory.
func WithMaxBodySize(data, errorBody int64) Option {
	return func(c *config) error {
		if data < 1 || errorBody < 1 {
			return fmt.Errorf("paymenttokens: WithMaxBodySize(%d, %d): want both > 0", data, errorBody)
		}
		c.pipe.MaxBody, c.pipe.MaxErrorBody = data, errorBody
		return nil
	}
}

// WithBatchSize sets how many tokens UpdateMany sends per request (default [DefaultBatchSize], at most [MaxLimit]).
func WithBatchSize(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxLimit {
			return fmt.Errorf("paymenttokens: WithBatchSize(%d): want 1 to %d", n, MaxLimit)
		}
		c.batchSize = n
		return nil
	}
}

// MaxConcurrency is the most requests one client keeps in flight at once.
const MaxConcurrency = 64

// WithConcurrency lets All, UpdateMany and CreateMany keep up to n requests
// in flight (default 1); results still come in order, and pacing still
// applies (see Complete listings in the package doc).
func WithConcurrency(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxConcurrency {
			return fmt.Errorf("paymenttokens: WithConcurrency(%d): want 1 to %d", n, MaxConcurrency)
		}
		c.concurrency = n
		return nil
	}
}
