package wrapper

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// Sentinels matched with errors.Is against an *APIError.
var (
	// ErrNotFound matches a 404: a missing id on a write, or a 404 that is
	// not the API's own "No payment tokens found." on a read.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized matches a 401: the credentials do not match, or the
	// application lacks the scope.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrRateLimited matches a 429 that outlived the retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrBadRequest matches a 400: the API refused the request's content.
	ErrBadRequest = errors.New("bad request")
)

// ErrOutcomeUnknown marks a write that may have been applied although no
// answer proves it: read the store before writing again (see Unknown
// outcomes in the package doc).
var ErrOutcomeUnknown = pipeline.ErrOutcomeUnknown

// ErrIncompleteListing matches the error [Client.All] yields when no walk of
// the store added up (see Complete listings in the package doc); every
// token All yielded before it was yielded once.
var ErrIncompleteListing = errors.New("the listing is incomplete")

// ErrUnreachable matches a transport error meaning that no connection to
// the API was made, so that attempt was never written (see Errors in the
// package doc).
var ErrUnreachable = pipeline.ErrUnreachable

// ErrNoAnswer matches a transport error meaning that a connection was made
// but no answer came in time (see Errors in the package doc).
var ErrNoAnswer = pipeline.ErrNoAnswer

// bodyExcerptLimit caps APIError.Body.
const bodyExcerptLimit = 1024

// APIError is a non-success answer of the API.
type APIError struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Method and Path name the request.
	Method, Path string
	// Messages are the messages of the error body, if it had any, as the
	// API sent them (Error escapes their control characters).
	Messages []string
	// Body is the start of the raw error body (at most 1 KiB), as sent.
	Body string
	// Attempts is how many times the request was sent.
	Attempts int
	// OutcomeUnknown is set on a failed write that may have been applied;
	// the error then matches [ErrOutcomeUnknown].
	OutcomeUnknown bool
	// Hint says what probably caused the error, when the library can tell
	// (a 404 that is not the API's own means the base URL is wrong).
	Hint string
	// GaveUp is why the retries stopped before they ran out (the context
	// ended, its deadline would pass during the wait, or 429s outlasted
	// [WithRateLimitWait]), or nil; the error
	// unwraps to it, so errors.Is(err, context.DeadlineExceeded) holds.
	GaveUp error
}

// Error describes the failure on one line; it never holds credentials, nor
// a control character of the answer's (an HTML page's ESC or BEL is
// escaped, as \x1b or \a, and its line breaks become spaces).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "paymenttokens: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Messages) > 0 {
		lines := make([]string, len(e.Messages))
		for i, m := range e.Messages {
			lines[i] = safetext.Line(m)
		}
		b.WriteString(": " + strings.Join(lines, "; "))
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	if e.OutcomeUnknown {
		b.WriteString("; the write may have been applied (outcome unknown)")
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.GaveUp != nil {
		b.WriteString("; " + e.GaveUp.Error())
	}
	return b.String()
}

// Unwrap gives GaveUp, so that a context's end stays matchable.
func (e *APIError) Unwrap() error { return e.GaveUp }

// Is maps the status to [ErrNotFound], [ErrUnauthorized], [ErrRateLimited]
// or [ErrBadRequest], and OutcomeUnknown to [ErrOutcomeUnknown].
func (e *APIError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	switch e.StatusCode {
	case http.StatusNotFound:
		return target == ErrNotFound
	case http.StatusUnauthorized:
		return target == ErrUnauthorized
	case http.StatusTooManyRequests:
		return target == ErrRateLimited
	case http.StatusBadRequest:
		return target == ErrBadRequest
	}
	return false
}

// BatchError is returned by [Client.UpdateMany] and [Client.CreateMany]
// when some tokens were not written.
type BatchError struct {
	// Failed are the results whose Status is not 2xx (see [Result]).
	Failed []Result
	// Err is why a batch failed as a whole, or nil when the API answered 206.
	Err error

	done   string              // what a written token is: "updated", "created"
	redact func(string) string // the client's, for the ids Error quotes; nil masks nothing
}

// Error summarizes the failures. The ids it quotes (tokens to create have
// none) are masked like any text from an answer: an id may be a piece of a
// secret.
func (e *BatchError) Error() string {
	msg := fmt.Sprintf("paymenttokens: %d token(s) not %s", len(e.Failed), cmp.Or(e.done, "updated"))
	ids := make([]string, 0, min(len(e.Failed), 10))
	for _, r := range e.Failed[:min(len(e.Failed), 10)] {
		if r.Value == "" {
			continue
		}
		if e.redact != nil {
			r.Value = e.redact(r.Value)
		}
		ids = append(ids, safetext.Line(r.Value))
	}
	if len(ids) > 0 {
		msg += " (PaymentTokenID " + strings.Join(ids, ", ")
		if len(e.Failed) > 10 {
			msg += ", ..."
		}
		msg += ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap gives the cause of a failed batch.
func (e *BatchError) Unwrap() error { return e.Err }

// newAPIError builds the error for a non-success reply. A server that
// echoes the request headers into its error body does not get the secrets
// into the error: they are masked before anything is cut, so that no piece
// of one survives a cut either.
func (c *Client) newAPIError(r *pipeline.Reply) *APIError {
	body := []byte(c.redact(string(r.Body)))
	messages := errorMessages(body)
	for i, m := range messages {
		messages[i] = c.redact(m)
	}
	return &APIError{
		StatusCode:     r.Status,
		Method:         r.Method,
		Path:           r.Path,
		Messages:       messages,
		Body:           excerpt(body, bodyExcerptLimit),
		Attempts:       r.Attempts,
		OutcomeUnknown: r.OutcomeUnknown || (r.Method == http.MethodPost && r.Status >= 500 && r.Status != http.StatusNotImplemented),
		GaveUp:         r.GaveUp,
	}
}

// errorMessages reads the messages of an error body: the API's array, a
// bare {"Message"} object, or a summary of anything else (pageSummary).
func errorMessages(body []byte) []string {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if messages, ok := jsonMessages(trimmed); ok {
		return messages
	}
	return []string{pageSummary(trimmed)}
}

// pageSummary is one line for a body that is not the API's JSON: a
// gateway's HTML page is named by its title (`gateway page "504 Gateway
// Time-out"`), other text by the start of its first line. The whole body
// stays in APIError.Body.
func pageSummary(body []byte) string {
	lower := bytes.ToLower(body)
	if !bytes.HasPrefix(lower, []byte("<")) && !bytes.Contains(lower, []byte("<html")) {
		first, _, _ := bytes.Cut(body, []byte("\n"))
		return excerpt(bytes.TrimSpace(first), 200)
	}
	if _, rest, ok := bytes.Cut(lower, []byte("<title")); ok {
		if _, rest, ok = bytes.Cut(rest, []byte(">")); ok {
			start := len(body) - len(rest)
			end := bytes.Index(rest, []byte("</title"))
			if end < 0 {
				end = len(rest)
			}
			if title := strings.Join(strings.Fields(excerpt(body[start:start+end], 200)), " "); title != "" {
				return `gateway page "` + title + `"` // escaped where it is shown, as every message is
			}
		}
	}
	return untitledPage
}

// untitledPage is the summary of an HTML page without a title.
const untitledPage = "gateway page without a title"

// jsonMessages reads the messages of the API's JSON error shapes; ok is
// false when body is in neither.
func jsonMessages(body []byte) (messages []string, ok bool) {
	var items []struct{ Message string }
	if json.Unmarshal(body, &items) == nil {
		for _, it := range items {
			if it.Message != "" {
				messages = append(messages, it.Message)
			}
		}
		return messages, true
	}
	var obj struct{ Message string }
	if json.Unmarshal(body, &obj) == nil && obj.Message != "" {
		return []string{obj.Message}, true
	}
	return nil, false
}

// excerpt returns at most n bytes of b as UTF-8 text. Invalid bytes (a
// page in windows-1252, say) become U+FFFD rather than ending the text, and
// the result is cut again at a rune boundary so that it stays within n.
func excerpt(b []byte, n int) string {
	s := strings.ToValidUTF8(string(b[:min(len(b), n)]), "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
