package sandbox

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/routers"
)

const (
	// maxRequestBody caps what the sandbox reads of one request.
	maxRequestBody = 32 << 20
	// bodyReadTimeout bounds the wait for a request's body, so that a client
	// that stalls mid-body cannot hold a handler for ever.
	bodyReadTimeout = 10 * time.Second
)

// withFaults applies the configured FaultFunc before anything else.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.add(r.Method)
		if s.faults != nil {
			if f := s.faults(r); f != nil {
				s.serveFault(w, r, f, next)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// withRateLimit refuses requests that overflow the leaky bucket with 429
// and Retry-After; under Behaviour.RateLimitHeaders every answer says how
// much of the bucket is left.
func (s *Server) withRateLimit(next http.Handler) http.Handler {
	if s.bucket == nil && !s.behaviour.RateLimitHeaders {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.bucket == nil {
			rateLimitHeaders(w, defaultBucket, defaultBucket)
			next.ServeHTTP(w, r)
			return
		}
		ok, wait, left := s.bucket.admit()
		if s.behaviour.RateLimitHeaders {
			rateLimitHeaders(w, int(s.bucket.capacity), left)
		}
		if !ok {
			s.throttled.Add(1)
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
			writeError(w, http.StatusTooManyRequests, msgRateLimited)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// defaultBucket is the API's bucket size, which RateLimitHeaders reports
// when WithRateLimit is off (the bucket then never fills).
const defaultBucket = 50

// rateLimitHeaders sets the headers of Behaviour.RateLimitHeaders: the
// bucket's size and the requests left in it.
func rateLimitHeaders(w http.ResponseWriter, size, left int) {
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(size))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(left))
}

// withAuth answers 401 unless the three headers match the sandbox's
// credentials, both without surrounding white space: the wrapper trims the
// credentials it is given, so the sandbox must accept them trimmed even when
// it was given them padded (net/http trims header values anyway).
func (s *Server) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !headerIs(r, "SecureURL", s.creds.SecureURL) ||
			!headerIs(r, "PrivateKey", s.creds.PrivateKey) ||
			!headerIs(r, "Token", s.creds.Token) {
			writeError(w, http.StatusUnauthorized, msgUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func headerIs(r *http.Request, name, want string) bool {
	got := strings.TrimSpace(r.Header.Get(name))
	return subtle.ConstantTimeCompare([]byte(got), []byte(strings.TrimSpace(want))) == 1
}

// withValidation answers 408 for a body that does not arrive in time, then
// 404 for an unknown path and 405 with Allow for a method the path lacks
// (whatever the body and its type), then 415 for a non-JSON body, and 400
// for any other request that does not match the spec, naming each
// parameter or field that is wrong (see contract.Validator.ValidateRequest). The items of an array create are validated
// one by one (see checkArrayItems).
func (s *Server) withValidation(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(w, r, s.bodyWait)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			writeError(w, http.StatusRequestTimeout, fmt.Sprintf("The request body did not arrive within %v.", s.bodyWait))
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, "The request body could not be read: "+err.Error())
			return
		}
		if _, _, err := s.validator.Route(r); err != nil {
			s.refuseRoute(w, r, err)
			return
		}
		if len(body) > 0 || r.Method == http.MethodPost || r.Method == http.MethodPut {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, "The request body must be application/json.")
				return
			}
		}
		r, body = s.checkArrayItems(r, body)
		if _, err := s.validator.ValidateRequest(r.Context(), r, body); err != nil {
			writeError(w, http.StatusBadRequest, capMessage(err.Error()))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// refuseRoute answers a request the spec has no operation for: 405 with
// Allow when the path has other methods, 404 when the spec lacks the path.
func (s *Server) refuseRoute(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, routers.ErrMethodNotAllowed) {
		// The client's error names the request: the message does not repeat it.
		writeError(w, http.StatusNotFound, "No operation of the PaymentTokens API is at this path: its paths begin "+BasePath+".")
		return
	}
	allow := s.methods.allow(r)
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; use %s.", r.Method, r.URL.Path, allow))
}

// readBody reads r's body, giving up after timeout where w can set a read
// deadline (the sandbox's own server can; a server of yours may not).
func readBody(w http.ResponseWriter, r *http.Request, timeout time.Duration) ([]byte, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(timeout)) // ErrNotSupported: read without one
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err == nil {
		// No deadline for the rest of the exchange. After an error the passed
		// deadline stays, so that net/http's drain of the unread body fails
		// at once and the connection closes instead of waiting.
		_ = rc.SetReadDeadline(time.Time{})
	}
	return body, err
}

// capMessage keeps validation messages to a readable length.
func capMessage(s string) string {
	const limit = 500
	if len(s) > limit {
		return s[:limit] + "..."
	}
	return s
}
