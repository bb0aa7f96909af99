package wrapper_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// quietLog drops a test server's log of the failed handshakes it expects.
var quietLog = log.New(io.Discard, "", 0)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// rawListener accepts connections on loopback and hands each to serve (run
// on its own goroutine); it closes them all when the test ends.
func rawListener(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Go(func() { serve(conn) })
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

// clientFor returns a client of base through transport, without retries.
func clientFor(t *testing.T, base string, transport http.RoundTripper, opts ...wrapper.Option) *wrapper.Client {
	t.Helper()
	if tr, ok := transport.(*http.Transport); ok {
		t.Cleanup(tr.CloseIdleConnections)
	}
	c, err := wrapper.New(testCreds, append([]wrapper.Option{wrapper.WithBaseURL(base + contract.BasePath),
		wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithRateLimit(0, 0),
		wrapper.WithMaxRetries(0), wrapper.WithWaitFunc(noWait)}, opts...)...)
	require.NoError(t, err)
	return c
}

// refusingDials fails every dial with err, as the network would.
func refusingDials(err error) *http.Transport {
	return &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) { return nil, err }}
}

func TestErrorsOfAnAPIThatCannotBeReachedAreErrUnreachable(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T) *wrapper.Client{
		"connection refused": func(t *testing.T) *wrapper.Client {
			return clientFor(t, "http://"+closedPort(t), &http.Transport{})
		},
		"DNS failure": func(t *testing.T) *wrapper.Client {
			resolver := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
				return nil, errors.New("no DNS server in tests")
			}}
			dialer := &net.Dialer{Resolver: resolver}
			return clientFor(t, "https://api.example.invalid", &http.Transport{DialContext: dialer.DialContext})
		},
		"certificate refused": func(t *testing.T) *wrapper.Client {
			srv := httptest.NewUnstartedServer(http.NotFoundHandler())
			srv.Config.ErrorLog = quietLog
			srv.StartTLS()
			t.Cleanup(srv.Close)
			return clientFor(t, srv.URL, &http.Transport{})
		},
		"TLS handshake cut": func(t *testing.T) *wrapper.Client {
			addr := rawListener(t, func(c net.Conn) { _ = c.Close() })
			return clientFor(t, "https://"+addr, &http.Transport{})
		},
		"TLS handshake timeout": func(t *testing.T) *wrapper.Client {
			addr := rawListener(t, func(c net.Conn) { _, _ = bufio.NewReader(c).ReadByte() }) // reads, never answers
			return clientFor(t, "https://"+addr, &http.Transport{TLSHandshakeTimeout: 50 * time.Millisecond})
		},
		"TLS handshake timeout, the trace hidden": func(t *testing.T) *wrapper.Client {
			addr := rawListener(t, func(c net.Conn) { _, _ = bufio.NewReader(c).ReadByte() })
			transport := &http.Transport{TLSHandshakeTimeout: 50 * time.Millisecond}
			t.Cleanup(transport.CloseIdleConnections)
			return clientFor(t, "https://"+addr, traceHider{transport})
		},
		"dial timeout": func(t *testing.T) *wrapper.Client {
			addr := rawListener(t, func(net.Conn) {})
			dialer := &net.Dialer{Timeout: time.Nanosecond}
			return clientFor(t, "http://"+addr, &http.Transport{DialContext: dialer.DialContext})
		},
		"network unreachable": func(t *testing.T) *wrapper.Client {
			return clientFor(t, "http://"+closedPort(t), refusingDials(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}))
		},
		"proxy down": func(t *testing.T) *wrapper.Client {
			proxy := &url.URL{Scheme: "http", Host: closedPort(t)}
			return clientFor(t, "https://api.example.invalid", &http.Transport{Proxy: http.ProxyURL(proxy)})
		},
		"proxy refuses the tunnel": func(t *testing.T) *wrapper.Client {
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusForbidden) }))
			t.Cleanup(proxy.Close)
			transport := wrapper.NewSharedTransport()
			transport.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: proxy.Listener.Addr().String()})
			return clientFor(t, "https://api.example.invalid", transport)
		},
	}
	for name, client := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := client(t)
			_, err := c.Count(t.Context())
			require.ErrorIs(t, err, wrapper.ErrUnreachable)
			assert.Contains(t, err.Error(), "the API could not be reached")
			_, err = c.Create(t.Context(), token(1))
			require.ErrorIs(t, err, wrapper.ErrUnreachable)
			assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown, "a request that reached nothing was not applied")
		})
	}
}

func TestOtherFailuresAreNotErrUnreachable(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", cutAfterReading)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/1", respond(503, ""))
	_, err := c.Count(t.Context())
	require.Error(t, err)
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable, "a cut connection reached the API")
	_, _, err = c.Get(t.Context(), 1)
	require.Error(t, err)
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable)

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	c = clientFor(t, "http://"+closedPort(t), &http.Transport{})
	_, err = c.Count(cancelled)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable, "the caller cancelled")
}

func TestARefusedTunnelIsRetriedForACreate(t *testing.T) {
	t.Parallel()
	var connects counter
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			connects.add()
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(proxy.Close)
	transport := wrapper.NewSharedTransport()
	transport.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: proxy.Listener.Addr().String()})
	c := clientFor(t, "https://api.example.invalid", transport, wrapper.WithMaxRetries(2))
	_, err := c.Create(t.Context(), token(1))
	require.ErrorIs(t, err, wrapper.ErrUnreachable)
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "refused the tunnel to the API: 503 Service Unavailable")
	assert.Equal(t, 3, connects.count(), "nothing reached the API, so the create was sent again")
}

// An API that takes the request and never answers is ErrNoAnswer once the
// client's timeout passes: not unreachable, not retried, and for a create
// an unknown outcome. The caller's own deadline stays the caller's error.
func TestAnAPIThatNeverAnswersIsErrNoAnswerAfterTheTimeout(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	addr := rawListener(t, func(conn net.Conn) {
		r := bufio.NewReader(conn)
		for {
			if _, err := http.ReadRequest(r); err != nil {
				return
			}
			mu.Lock()
			requests++
			mu.Unlock()
		}
	})
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL("http://"+addr+contract.BasePath),
		wrapper.WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}), wrapper.WithRateLimit(0, 0), wrapper.WithWaitFunc(noWait))
	require.NoError(t, err)

	_, _, err = c.Get(t.Context(), 1)
	require.ErrorIs(t, err, wrapper.ErrNoAnswer)
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable)
	assert.Contains(t, err.Error(), "the API did not answer in time")

	_, err = c.Create(t.Context(), wrapper.PaymentToken{PaymentProfileID: "p"})
	require.ErrorIs(t, err, wrapper.ErrNoAnswer)
	assert.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, _, err = c.Get(ctx, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, wrapper.ErrNoAnswer, "the caller's deadline, not the API's silence")

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 3, requests, "none retried")
}

// A client Timeout that ends a dial before any connection is no
// ErrNoAnswer: nothing took the request.
func TestATimeoutBeforeAnyConnectionIsNotErrNoAnswer(t *testing.T) {
	hang := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	t.Cleanup(hang.CloseIdleConnections)
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL("http://127.0.0.1:1"+contract.BasePath),
		wrapper.WithHTTPClient(&http.Client{Transport: hang, Timeout: 100 * time.Millisecond}),
		wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(0), wrapper.WithWaitFunc(noWait))
	require.NoError(t, err)
	_, _, err = c.Get(t.Context(), 1)
	require.Error(t, err)
	assert.NotErrorIs(t, err, wrapper.ErrNoAnswer)
}
