package wrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"golang.org/x/time/rate"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// Client is a PaymentTokens client; one Client is safe for many goroutines.
type Client struct {
	cfg       *config
	server    string              // the base URL, as the generated request builders want it
	authorize gen.RequestEditorFn // sets the headers (the secrets live only in closures, never in printable fields)
	redact    func(string) string // masks the secrets in text taken from answers
	http      *http.Client
	limiter   *rate.Limiter // nil when pacing is off
}

// New checks the credentials and options and returns a Client. It sends no request.
func New(creds Credentials, opts ...Option) (*Client, error) {
	for _, field := range []struct{ name, value string }{
		{"SecureURL", creds.SecureURL}, {"PrivateKey", creds.PrivateKey}, {"Token", creds.Token},
	} {
		if strings.TrimSpace(field.value) == "" {
			return nil, fmt.Errorf("wrapper: Credentials.%s is empty; it is required (see your 3dcart app's settings)", field.name)
		}
		if strings.ContainsAny(field.value, "\r\n") {
			return nil, fmt.Errorf("wrapper: Credentials.%s contains a line break; copy it again without one", field.name)
		}
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("wrapper: New: a nil Option was passed")
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	secureURL := strings.TrimSpace(creds.SecureURL)
	if !strings.Contains(secureURL, "://") {
		secureURL = "https://" + secureURL
	}
	headers := http.Header{}
	headers.Set("SecureURL", secureURL)
	headers.Set("PrivateKey", creds.PrivateKey)
	headers.Set("Token", creds.Token)
	headers.Set("Accept", "application/json")
	headers.Set("User-Agent", cfg.userAgent)

	hc := cfg.httpClient // a copy: the caller's client is never mutated
	hc.CheckRedirect = guardRedirects(hc.CheckRedirect)
	c := &Client{
		cfg:    cfg,
		server: cfg.baseURL.String() + "/", // the generated builders resolve paths relative to it
		authorize: func(_ context.Context, req *http.Request) error {
			for k, v := range headers {
				req.Header[k] = v[:1:1] // shared, but full: an Add elsewhere copies instead of writing into it
			}
			return nil
		},
		http:   &hc,
		redact: newRedactor(creds.PrivateKey, creds.Token),
	}
	if cfg.ratePerSec > 0 {
		// One request of headroom: requests that reach the API closer together
		// than they were sent (network jitter up to 1/rate) still fit its bucket.
		c.limiter = rate.NewLimiter(rate.Limit(cfg.ratePerSec), max(1, cfg.rateBurst-1))
	}
	return c, nil
}

// reply is one answer, read whole within the body caps.
type reply struct {
	status       int
	header       http.Header
	body         []byte
	method, path string
	attempts     int
}

// ok reports a 2xx status.
func (r *reply) ok() bool { return r.status >= 200 && r.status < 300 }

// exchange sends req, pacing and retrying as configured, and returns the
// last answer. A transport failure that outlives the retries is an error
// naming the request; a non-2xx answer is returned, not an error.
func (c *Client) exchange(ctx context.Context, req *http.Request) (*reply, error) {
	if err := c.authorize(ctx, req); err != nil {
		return nil, err
	}
	method, path := req.Method, req.URL.Path
	for attempt := 1; ; attempt++ {
		r, err := c.attempt(ctx, req)
		if err == nil && !(retryableStatus(method, r.status) && attempt <= c.cfg.maxRetries) {
			r.attempts = attempt
			return r, nil
		}
		if err != nil && !(retryableError(ctx, method, err) && attempt <= c.cfg.maxRetries) {
			if attempt > 1 {
				return nil, fmt.Errorf("3dcart: %s %s: %w (after %d attempts)", method, path, err, attempt)
			}
			return nil, fmt.Errorf("3dcart: %s %s: %w", method, path, err)
		}
		var header http.Header
		if r != nil {
			header = r.header
		}
		wait := c.backoff(attempt, header)
		c.cfg.logger.LogAttrs(ctx, slog.LevelWarn, "3dcart: retrying",
			slog.String("method", method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("cause", retryCause(r, err)))
		if werr := c.cfg.wait(ctx, wait); werr != nil {
			return nil, fmt.Errorf("3dcart: %s %s: gave up waiting to retry: %w", method, path, werr)
		}
	}
}

// retryCause says why a retry happens, without any body.
func retryCause(r *reply, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("status %d", r.status)
}

// attempt sends req once, with a fresh body, after waiting for the pacer.
func (c *Client) attempt(ctx context.Context, req *http.Request) (*reply, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("waiting for the rate limit: %w", ctx.Err())
			}
			// The limiter refuses at once a wait that would outlast the deadline.
			return nil, fmt.Errorf("waiting for the rate limit would pass the deadline: %w", context.DeadlineExceeded)
		}
	}
	send := req.Clone(ctx)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		send.Body = body
	}
	resp, err := c.http.Do(send)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	limit := c.cfg.maxBody
	if resp.StatusCode >= 300 {
		limit = c.cfg.maxErrorBody
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= limit {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead) // one allocation when the length is known
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, fmt.Errorf("reading the %d answer: %w", resp.StatusCode, err)
	}
	body := buf.Bytes()
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: the %d answer exceeds %d bytes (raise it with WithMaxBodySize)", errBodyTooLarge, resp.StatusCode, limit)
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: body, method: req.Method, path: req.URL.Path}, nil
}
