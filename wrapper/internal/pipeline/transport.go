package pipeline

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

// Exchange sends req, pacing and retrying as configured, and returns the
// last answer. A transport failure that outlives the retries is an error
// naming the request; a non-2xx answer is returned, not an error. A write
// that may have been applied without an answer proving it is marked: its
// error matches ErrOutcomeUnknown.
func (p *Pipeline) Exchange(ctx context.Context, req *http.Request) (*Reply, error) {
	if err := p.authorize(ctx, req); err != nil {
		return nil, err
	}
	method, path := req.Method, req.URL.Path
	isWrite := method != http.MethodGet
	mayHaveApplied := false
	var throttle throttling
	for attempt := 1; ; attempt++ {
		r, unsent, err := p.attempt(ctx, req, attempt)
		if isWrite && mayHaveBeenApplied(r, unsent, err) {
			mayHaveApplied = true
		}
		throttled := err == nil && r.Status == http.StatusTooManyRequests
		var retry bool
		var gaveUp error
		if throttled {
			retry, gaveUp = p.retryThrottled(ctx, &throttle)
		} else {
			retry = p.shouldRetry(ctx, method, attempt-throttle.count, r, unsent, err)
		}
		if !retry {
			if err != nil {
				return nil, p.transportError(method, path, attempt, mayHaveApplied, err)
			}
			r.Attempts, r.OutcomeUnknown, r.GaveUp = attempt, mayHaveApplied && !r.OK(), gaveUp
			return r, nil
		}
		var wait time.Duration
		switch {
		case !throttled:
			wait = p.backoff(attempt-throttle.count, responseHeader(r))
		case !p.paced(): // nothing else spaces the retries of a 429
			wait = p.backoff(throttle.count, r.Header)
		}
		throttle.waited += wait
		if wait > 0 { // a 429's wait, when paced, is the pacer's (Pace reads it)
			p.retry.set(p.cfg.Now().Add(wait), retryCause(r, err))
		}
		p.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "paymenttokens: retrying",
			slog.String("method", method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("cause", retryCause(r, err)))
		if werr := p.waitToRetry(ctx, wait); werr != nil {
			if r != nil { // the last answer is the error; the wait only ended the retries
				r.Attempts, r.OutcomeUnknown, r.GaveUp = attempt, mayHaveApplied, werr
				return r, nil
			}
			return nil, p.transportError(method, path, attempt, mayHaveApplied, werr)
		}
	}
}

// responseHeader is r's header, or nil when there is no answer.
func responseHeader(r *Reply) http.Header {
	if r == nil {
		return nil
	}
	return r.Header
}

// waitToRetry waits before a retry; a wait that would pass ctx's deadline
// fails at once, as the pacer's does.
func (p *Pipeline) waitToRetry(ctx context.Context, wait time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return fmt.Errorf("gave up: the %v wait before retrying would pass the deadline: %w", wait, context.DeadlineExceeded)
	}
	if err := p.cfg.Wait(ctx, wait); err != nil {
		return fmt.Errorf("gave up waiting to retry: %w", err)
	}
	return nil
}

// mayHaveBeenApplied reports whether an attempt may have changed the store
// without a successful answer saying so.
func mayHaveBeenApplied(r *Reply, unsent bool, err error) bool {
	if err != nil {
		return !unsent
	}
	return r.Status >= 500 && r.Status != http.StatusNotImplemented
}

// transportError names the request, says whether a write's outcome is
// unknown, and masks any secret a hostile answer put into the text.
func (p *Pipeline) transportError(method, path string, attempts int, outcomeUnknown bool, err error) error {
	var wrapped error
	if outcomeUnknown {
		wrapped = fmt.Errorf("paymenttokens: %s %s: %w: %w", method, path, ErrOutcomeUnknown, err)
	} else {
		wrapped = fmt.Errorf("paymenttokens: %s %s: %w", method, path, err)
	}
	msg := p.redact(wrapped.Error())
	if attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return NewMaskedError(msg, wrapped)
}

// retryCause says why a retry happens: the status, or the class of the
// error (never its text, which may quote the query or what a server sent).
func retryCause(r *Reply, err error) string {
	if err != nil {
		return errorClass(err)
	}
	return fmt.Sprintf("status %d", r.Status)
}

// attempt sends req once, with a fresh body, after waiting for the pacer.
// unsent reports that the request certainly never reached the server: the
// pacer's wait failed, or the error proves that no byte of it was written
// (see attemptTrace.neverWritten). An error meaning that the API could not
// be reached matches ErrUnreachable. The attempt, number n of its request,
// is logged once sent (see WithLogger).
func (p *Pipeline) attempt(ctx context.Context, req *http.Request, n int) (r *Reply, unsent bool, err error) {
	ticket, err := p.waitTurn(ctx)
	if err != nil {
		return nil, true, err
	}
	start := p.cfg.Now()
	defer func() { p.logAttempt(ctx, req.Method, req.URL.Path, n, p.cfg.Now().Sub(start), r, err) }()
	var trace attemptTrace
	send := req.Clone(httptrace.WithClientTrace(ctx, trace.clientTrace()))
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, true, err
		}
		send.Body = body
	}
	resp, err := p.http.Do(send)
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
	body, err := p.readBody(resp)
	if err != nil {
		return nil, false, err
	}
	p.recordAnswer(ctx, ticket, resp.StatusCode, resp.Header)
	return &Reply{Status: resp.StatusCode, Header: resp.Header, Body: body, Method: req.Method, Path: req.URL.Path, Redact: p.redact}, false, nil
}

// readBody reads the answer within its cap. A success larger than the cap is
// an error (its data would be incomplete); an error page is cut at the cap,
// since its status is what matters.
func (p *Pipeline) readBody(resp *http.Response) ([]byte, error) {
	limit, isError := p.cfg.MaxBody, resp.StatusCode >= 300
	if isError {
		limit = p.cfg.MaxErrorBody
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
