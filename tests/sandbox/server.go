// Package sandbox is an in-memory 3dcart PaymentTokens API for tests: it
// implements the generated server interface, validates every request
// against api/openapi.yaml, and behaves like the real API in every point of
// api/README.md (1-based offsets, 404 for an empty list, 400 past the end,
// countonly, get-by-id arrays, MM/dd/yyyy HH:mm dates, string statuses, 206
// partial bulk updates, and an optional 2/s leaky-bucket limit).
//
//	sb := sandbox.New()
//	defer sb.Close()
//	client, _ := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()))
package sandbox

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/gen/server"
	"github.com/shift4shop-go/paymenttokens/tests/contract"
)

// Credentials are the three header values the sandbox accepts.
type Credentials struct {
	SecureURL, PrivateKey, Token string
}

// Stats counts what the sandbox has seen.
type Stats struct {
	// Requests is every request received, faulted or not.
	Requests int64
	// Throttled is the requests refused with 429 by the rate limiter.
	Throttled int64
}

// Server is a running sandbox on a loopback port.
type Server struct {
	creds     Credentials
	store     *store
	validator *contract.Validator
	bucket    *leakyBucket
	faults    FaultFunc
	handler   http.Handler
	http      *httptest.Server
	closing   chan struct{}
	closeOnce sync.Once
	stats     struct{ requests, throttled atomic.Int64 }
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the credentials the sandbox accepts (default: random ones, see Credentials).
func WithCredentials(c Credentials) Option {
	return func(s *Server) { s.creds = c }
}

// WithRateLimit turns on the leaky bucket: burst requests at most in the
// bucket, leaking perSecond. The real API uses burst 50 and 2 per second.
// Off by default.
func WithRateLimit(burst int, perSecond float64) Option {
	return func(s *Server) {
		s.bucket = &leakyBucket{capacity: float64(burst), rate: perSecond, now: time.Now}
	}
}

// WithFaults installs a hook that may make any request fail (see Fault).
func WithFaults(f FaultFunc) Option {
	return func(s *Server) { s.faults = f }
}

// New starts a sandbox on 127.0.0.1 with an empty store.
func New(opts ...Option) *Server {
	s := &Server{
		creds: Credentials{
			SecureURL:  "https://sandbox-store.3dcartstores.com",
			PrivateKey: rand.Text(),
			Token:      rand.Text(),
		},
		store:   newStore(),
		closing: make(chan struct{}),
	}
	for _, opt := range opts {
		opt(s)
	}
	v, err := contract.NewValidator()
	if err != nil {
		panic("sandbox: the embedded spec does not load: " + err.Error()) // a build defect, not a runtime condition
	}
	s.validator = v
	strict := server.NewStrictHandlerWithOptions(&handlers{store: s.store, now: time.Now}, nil, server.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, capMessage(err.Error()))
		},
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusInternalServerError, capMessage(err.Error()))
		},
	})
	routes := server.HandlerWithOptions(strict, server.StdHTTPServerOptions{
		BaseURL:    contract.BasePath,
		BaseRouter: http.NewServeMux(),
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, capMessage(err.Error()))
		},
	})
	s.handler = s.withFaults(s.withRateLimit(s.withAuth(s.withValidation(routes))))
	s.http = httptest.NewServer(s.handler)
	return s
}

// URL is the base URL to give a client, ending in /3dCartWebAPI/v2.
func (s *Server) URL() string { return s.http.URL + contract.BasePath }

// Credentials returns the credentials the sandbox accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// Handler serves the API under /3dCartWebAPI/v2, for mounting on a server of your own.
func (s *Server) Handler() http.Handler { return s.handler }

// Close ends stalled requests and stops the server.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.http.Close()
	})
}

// Seed stores tokens directly, keeping their PaymentTokenID when set and
// assigning the next free one otherwise; it returns the ids in order.
func (s *Server) Seed(tokens ...gen.PaymentToken) []int32 {
	ids := make([]int32, len(tokens))
	for i, t := range tokens {
		ids[i] = s.store.insert(t)
	}
	return ids
}

// Tokens returns a copy of every stored token, in id order.
func (s *Server) Tokens() []gen.PaymentToken { return s.store.all() }

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.stats.requests.Load(), Throttled: s.stats.throttled.Load()}
}
