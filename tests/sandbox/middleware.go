package sandbox

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/tests/contract"
)

// maxRequestBody caps what the sandbox reads of one request.
const maxRequestBody = 32 << 20

// withFaults applies the configured FaultFunc before anything else.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.stats.requests.Add(1)
		if s.faults != nil {
			if f := s.faults(r); f != nil {
				s.serveFault(w, r, f, next)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// withRateLimit refuses requests that overflow the leaky bucket with 429 and Retry-After.
func (s *Server) withRateLimit(next http.Handler) http.Handler {
	if s.bucket == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.bucket.admit(); !ok {
			s.stats.throttled.Add(1)
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
			writeError(w, http.StatusTooManyRequests, msgRateLimited)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withAuth answers 401 unless the three headers match the sandbox's credentials.
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
	return subtle.ConstantTimeCompare([]byte(r.Header.Get(name)), []byte(want)) == 1
}

// withValidation answers 415 for a non-JSON body and 400 for any request
// that does not match the spec, naming what was wrong.
func (s *Server) withValidation(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		if err != nil {
			writeError(w, http.StatusBadRequest, "The request body could not be read: "+err.Error())
			return
		}
		if len(body) > 0 || r.Method == http.MethodPost || r.Method == http.MethodPut {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, "The request body must be application/json.")
				return
			}
		}
		if _, err := s.validator.ValidateRequest(r.Context(), r, body); err != nil {
			status := http.StatusBadRequest
			if errors.Is(err, contract.ErrNoRoute) {
				status = http.StatusNotFound
			}
			writeError(w, status, capMessage(err.Error()))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// capMessage keeps validation messages to a readable length.
func capMessage(s string) string {
	const limit = 500
	if len(s) > limit {
		return s[:limit] + "..."
	}
	return s
}
