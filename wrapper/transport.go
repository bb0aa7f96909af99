package wrapper

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"time"
)

// reply is one answer, read whole within the body caps.
type reply struct {
	status       int
	header       http.Header
	body         []byte
	method, path string
	attempts     int
	redact       func(string) string // the client's, for errors quoting the answer
	// outcomeUnknown is set on a failed write when an earlier attempt may
	// have been applied (its connection was cut after sending, or it got a 5xx).
	outcomeUnknown bool
	// gaveUp is why no retry followed a retryable answer (ctx ended), or nil.
	gaveUp error
}

// ok reports a 2xx status.
func (r *reply) ok() bool { return r.status >= 200 && r.status < 300 }

// exchange sends req, pacing and retrying as configured, and returns the
// last answer. A transport failure that outlives the retries is an error
// naming the request; a non-2xx answer is returned, not an error. A write
// that may have been applied without an answer proving it is marked: its
// error matches ErrOutcomeUnknown.
func (c *Client) exchange(ctx context.Context, req *http.Request) (*reply, error) {
	if err := c.authorize(ctx, req); err != nil {
		return nil, err
	}
	method, path := req.Method, req.URL.Path
	isWrite := method != http.MethodGet
	mayHaveApplied := false
	for attempt := 1; ; attempt++ {
		r, unsent, err := c.attempt(ctx, req, attempt)
		if isWrite && mayHaveBeenApplied(r, unsent, err) {
			mayHaveApplied = true
		}
		if !c.shouldRetry(ctx, method, attempt, r, unsent, err) {
			if err != nil {
				return nil, c.transportError(method, path, attempt, mayHaveApplied, err)
			}
			r.attempts, r.outcomeUnknown = attempt, mayHaveApplied && !r.ok()
			return r, nil
		}
		var header http.Header
		if r != nil {
			header = r.header
		}
		wait := c.backoff(attempt, header)
		c.cfg.logger.LogAttrs(ctx, slog.LevelWarn, "paymenttokens: retrying",
			slog.String("method", method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("cause", retryCause(r, err)))
		if werr := c.waitToRetry(ctx, wait); werr != nil {
			if r != nil { // the last answer is the error; the wait only ended the retries
				r.attempts, r.outcomeUnknown, r.gaveUp = attempt, mayHaveApplied, werr
				return r, nil
			}
			return nil, c.transportError(method, path, attempt, mayHaveApplied, werr)
		}
	}
}

// waitToRetry waits before a retry; a wait that would pass ctx's deadline
// fails at once, as the pacer's does.
func (c *Client) waitToRetry(ctx context.Context, wait time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return fmt.Errorf("gave up: the %v wait before retrying would pass the deadline: %w", wait, context.DeadlineExceeded)
	}
	if err := c.cfg.wait(ctx, wait); err != nil {
		return fmt.Errorf("gave up waiting to retry: %w", err)
	}
	return nil
}

// mayHaveBeenApplied reports whether an attempt may have changed the store
// without a successful answer saying so.
func mayHaveBeenApplied(r *reply, unsent bool, err error) bool {
	if err != nil {
		return !unsent
	}
	return r.status >= 500 && r.status != http.StatusNotImplemented
}

// transportError names the request, says whether a write's outcome is
// unknown, and masks any secret a hostile answer put into the text.
func (c *Client) transportError(method, path string, attempts int, outcomeUnknown bool, err error) error {
	var wrapped error
	if outcomeUnknown {
		wrapped = fmt.Errorf("paymenttokens: %s %s: %w: %w", method, path, ErrOutcomeUnknown, err)
	} else {
		wrapped = fmt.Errorf("paymenttokens: %s %s: %w", method, path, err)
	}
	msg := c.redact(wrapped.Error())
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return newMaskedError(msg, wrapped)
}

// retryCause says why a retry happens: the status, or the class of the
// error (never its text, which may quote the query or what a server sent).
func retryCause(r *reply, err error) string {
	if err != nil {
		return errorClass(err)
	}
	return fmt.Sprintf("status %d", r.status)
}

// attempt sends req once, with a fresh body, after waiting for the pacer.
// unsent reports that the request certainly never reached the server: the
// pacer's wait failed, or the error proves that no byte of it was written
// (see attemptTrace.neverWritten). An error meaning that the API could not
// be reached matches ErrUnreachable. The attempt, number n of its request,
// is logged once sent (see WithLogger).
func (c *Client) attempt(ctx context.Context, req *http.Request, n int) (r *reply, unsent bool, err error) {
	if err := c.pacer.wait(ctx); err != nil {
		return nil, true, err
	}
	start := c.cfg.now()
	defer func() { c.logAttempt(ctx, req.Method, req.URL.Path, n, c.cfg.now().Sub(start), r, err) }()
	var trace attemptTrace
	send := req.Clone(httptrace.WithClientTrace(ctx, trace.clientTrace()))
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, true, err
		}
		send.Body = body
	}
	resp, err := c.http.Do(send)
	if err != nil {
		switch {
		case trace.unreachable(err):
			err = fmt.Errorf("%w: %w", ErrUnreachable, err)
		case ctx.Err() == nil && isTimeout(err) && trace.connected():
			err = fmt.Errorf("%w: %w", ErrNoAnswer, err)
		}
		return nil, trace.neverWritten(err), err
	}
	defer resp.Body.Close()
	body, err := c.readBody(resp)
	if err != nil {
		return nil, false, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		c.pacer.throttled()
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: body, method: req.Method, path: req.URL.Path, redact: c.redact}, false, nil
}

// readBody reads the answer within its cap. A success larger than the cap is
// an error (its data would be incomplete); an error page is cut at the cap,
// since its status is what matters.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit, isError := c.cfg.maxBody, resp.StatusCode >= 300
	if isError {
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
	if int64(len(body)) <= limit {
		return body, nil
	}
	if isError {
		return body[:limit], nil
	}
	return nil, fmt.Errorf("%w: the %d answer exceeds %d bytes (raise it with WithMaxBodySize)", errBodyTooLarge, resp.StatusCode, limit)
}
