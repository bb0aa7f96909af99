package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// logAttempt logs one attempt at Debug level: method, path (never the
// query), the status or the class of the error, the attempt's number and
// how long it took. Never a header, a body or an error's text, any of which
// could carry what a hostile server echoed back.
func (p *Pipeline) logAttempt(ctx context.Context, method, path string, n int, took time.Duration, r *Reply, err error) {
	if !p.cfg.Logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	outcome := slog.String("error", errorClass(err))
	if err == nil {
		outcome = slog.Int("status", r.Status)
	}
	p.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "paymenttokens: attempt",
		slog.String("method", method), slog.String("path", path), outcome,
		slog.Int("attempt", n), slog.Duration("duration", took.Round(time.Millisecond)))
}

// errorClass names the kind of a failed attempt in a word or two.
func errorClass(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, ErrUnreachable): // a dial that timed out too
		return "unreachable"
	case isTimeout(err):
		return "timeout"
	case certificateError(err):
		return "certificate"
	case errors.Is(err, errBodyTooLarge):
		return "body too large"
	case errors.Is(err, errRedirectRefused):
		return "redirect refused"
	}
	return "connection failed"
}
