// Package sandbox is an in-memory 3dcart PaymentTokens API for tests, as
// net/http/httptest is a server for tests of net/http: it implements the
// generated server interface, validates every request against
// api/openapi.yaml, and answers as the real API does (1-based offsets, 404
// for an empty list, 400 past the end, countonly, get-by-id arrays,
// MM/dd/yyyy HH:mm dates, string statuses, 206 partial bulk updates, and an
// optional leaky-bucket rate limit, see [WithRateLimit]; the README's "The
// sandbox in your own tests" has more). [WithFaults] makes single requests
// fail, and [WithBehaviour] makes the whole store behave as some real
// stores and gateways do (capped pages, merging PUTs, another list order,
// reused ids, a stray 404 or shifted page, gateway time-outs whose creates
// land later, slow creates, arrays of creates); [Behaviour.Check] says what
// it refuses. [Server.Stats] counts the requests, by method too.
//
//	sb, err := sandbox.New()
//	if err != nil {
//		return err // an option's value that makes no sense
//	}
//	defer sb.Close()
//	client, err := sb.Client() // a wrapper.Client for sb, pacing off
//
// [Server.Client] returns a [wrapper.Client] for the sandbox, and
// [Server.URL] is its base URL for any other client.
//
// Validating against the spec links kin-openapi and what it imports (a YAML
// parser, a JSON Schema validator, gorilla/mux) into a program that imports
// this package: the wrapper alone links none of them. The README lists the
// modules.
package sandbox

import (
	"crypto/rand"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/gen/server"
	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// Credentials are the three header values the sandbox accepts.
type Credentials struct {
	SecureURL, PrivateKey, Token string
}

// BasePath is the path prefix of every operation, which [Server.URL] ends in.
const BasePath = contract.BasePath

// Stats counts what the sandbox has seen.
type Stats struct {
	// Requests is every request received, faulted or not.
	Requests int64
	// ByMethod is Requests by method ("GET", "POST", ...); a method net/http
	// has no constant for is counted under "OTHER". See [Stats.Writes].
	ByMethod map[string]int64
	// Throttled is the requests refused with 429 by the rate limiter.
	Throttled int64
	// AppliedLate is the tokens of the creates answered 504 by the
	// "gateway" that have since landed in the store (see
	// Behaviour.GatewayTimeoutEvery).
	AppliedLate int64
}

// Server is a running sandbox on a loopback port.
type Server struct {
	creds     Credentials
	behaviour Behaviour
	store     *store
	api       *handlers
	validator *contract.Validator
	methods   *methodIndex
	bucket    *leakyBucket
	bodyWait  time.Duration
	faults    FaultFunc
	handler   http.Handler
	http      *httptest.Server
	closing   chan struct{}
	closeOnce sync.Once
	requests  requestCounts
	throttled atomic.Int64
}

// Writes is the requests that can change the store: POST, PUT and DELETE.
func (st Stats) Writes() int64 {
	return st.ByMethod[http.MethodPost] + st.ByMethod[http.MethodPut] + st.ByMethod[http.MethodDelete]
}

// Option configures a Server; [New] returns the error of the first option
// whose value makes no sense.
type Option func(*Server) error

// WithCredentials sets the credentials the sandbox accepts (default: random ones, see [Credentials]).
func WithCredentials(c Credentials) Option {
	return func(s *Server) error {
		s.creds = c
		return nil
	}
}

// WithRateLimit turns on the leaky bucket: burst requests at most in the
// bucket, leaking perSecond; a request that would overflow it is answered
// 429 with Retry-After. The real API uses 2 per second and a burst of 50.
// The order of the arguments is that of [wrapper.WithRateLimit], and (0, 0)
// turns the limit off, as it is by default. Values that make no bucket
// (perSecond not a finite number > 0, or burst < 1, unless both are 0) are
// an error naming them and what is wanted.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *Server) error {
		switch {
		case perSecond == 0 && burst == 0:
			s.bucket = nil
		case !(perSecond > 0) || math.IsInf(perSecond, 1) || burst < 1:
			return fmt.Errorf("paymenttokens: sandbox.WithRateLimit(%v, %d): want perSecond > 0 (finite) and burst >= 1, or (0, 0) to turn the limit off", perSecond, burst)
		default:
			s.bucket = &leakyBucket{capacity: float64(burst), rate: perSecond, now: time.Now}
		}
		return nil
	}
}

// WithFaults installs a hook that may make any request fail (see [Fault]).
func WithFaults(f FaultFunc) Option {
	return func(s *Server) error {
		s.faults = f
		return nil
	}
}

// New starts a sandbox on 127.0.0.1 with an empty store. The error is the
// first option's whose value makes no sense; New starts nothing then.
func New(opts ...Option) (*Server, error) {
	s := &Server{
		creds: Credentials{
			SecureURL:  "https://sandbox-store.3dcartstores.com",
			PrivateKey: rand.Text(),
			Token:      rand.Text(),
		},
		bodyWait: bodyReadTimeout,
		closing:  make(chan struct{}),
	}
	for _, opt := range opts {
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	v, err := contract.NewValidator()
	if err == nil {
		s.methods, err = specMethods()
	}
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: sandbox: the embedded spec does not load (a defect of this build): %w", err)
	}
	s.validator = v
	s.store = newStore(s.behaviour)
	s.api = &handlers{store: s.store, now: time.Now, behaviour: s.behaviour, background: &background{closing: s.closing}}
	strict := server.NewStrictHandlerWithOptions(s.api, nil, server.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, capMessage(err.Error()))
		},
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			if answerStarted(w) {
				return // the client left mid-answer: there is no one to tell
			}
			writeError(w, http.StatusInternalServerError, capMessage(err.Error()))
		},
	})
	routes := server.HandlerWithOptions(strict, server.StdHTTPServerOptions{
		BaseURL:    BasePath,
		BaseRouter: http.NewServeMux(),
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeError(w, http.StatusBadRequest, capMessage(err.Error()))
		},
	})
	s.handler = s.withFaults(s.withRateLimit(s.withAuth(s.withValidation(trackAnswers(routes)))))
	s.http = httptest.NewServer(s.handler)
	return s, nil
}

// URL is the base URL to give a client, ending in [BasePath].
func (s *Server) URL() string { return s.http.URL + BasePath }

// Credentials returns the credentials the sandbox accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// Handler serves the API under /3dCartWebAPI/v2, for mounting on a server of
// your own; the body's read deadline applies where that server supports
// read deadlines (net/http's does).
func (s *Server) Handler() http.Handler { return s.handler }

// Client returns a wrapper.Client for this sandbox: its URL and
// credentials, pacing off (wrapper.WithRateLimit(0, 0)), retry waits of 1 to
// 10 ms, and an HTTP client whose idle connections close with the sandbox.
// opts apply after these defaults, so they win; the error is wrapper.New's,
// for a bad opt. With the sandbox's WithRateLimit on, pass
// wrapper.WithRateLimit with the same numbers, or its 429s are retried
// within milliseconds and run out of retries.
func (s *Server) Client(opts ...wrapper.Option) (*wrapper.Client, error) {
	defaults := []wrapper.Option{
		wrapper.WithBaseURL(s.URL()),
		wrapper.WithHTTPClient(&http.Client{Transport: s.http.Client().Transport, Timeout: wrapper.DefaultTimeout}),
		wrapper.WithRateLimit(0, 0),
		wrapper.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}
	return wrapper.New(wrapper.Credentials(s.creds), append(defaults, opts...)...)
}

// Close stops the server: it refuses new connections, cuts every open one
// (requests in flight, bodies half sent, delays of WithFaults and
// Behaviour.CreateDelay included), drops the creates a gateway timed out
// that have not landed yet, and returns once their handlers and goroutines
// have. Calling it again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		_ = s.http.Listener.Close() // no new connection between the cut and the wait
		s.http.CloseClientConnections()
		s.http.Close()
		s.api.background.close()
	})
}

// Seed stores tokens directly, keeping their PaymentTokenID when set and
// assigning a new one otherwise (as a create would, see
// Behaviour.ReuseIDs); it returns the ids in order.
func (s *Server) Seed(tokens ...gen.PaymentToken) []int32 {
	ids := make([]int32, len(tokens))
	for i, t := range tokens {
		ids[i] = s.store.insert(t)
	}
	return ids
}

// Tokens returns a copy of every stored token, in id order.
func (s *Server) Tokens() []gen.PaymentToken { return s.store.all() }

// Stats returns the counters.
func (s *Server) Stats() Stats {
	byMethod := s.requests.byMethod()
	var all int64
	for _, n := range byMethod {
		all += n
	}
	return Stats{Requests: all, ByMethod: byMethod, Throttled: s.throttled.Load(), AppliedLate: s.api.appliedLate.Load()}
}
