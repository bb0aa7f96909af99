package wrapper_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	t.Parallel()
	var far counter
	var leaked []string
	farSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		far.add()
		leaked = append(leaked, r.Header.Get("PrivateKey"), r.Header.Get("Token"))
		respond(200, `{"TotalCount": 1}`)(w, r)
	}))
	defer farSrv.Close()
	_, port, err := net.SplitHostPort(farSrv.Listener.Addr().String())
	require.NoError(t, err)
	mux, c := setup(t, wrapper.WithMaxRetries(3))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+port+r.URL.RequestURI(), http.StatusFound)
	})
	_, err = c.Count(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirected to http://localhost:"+port)
	assert.Contains(t, err.Error(), "would send the PrivateKey and Token to another host")
	assert.Zero(t, far.count(), "nothing reached the other host")
	assert.Empty(t, leaked)
}

func TestRedirectOnTheSameHostIsFollowed(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("moved") == "" {
			http.Redirect(w, r, r.URL.Path+"?countonly=1&moved=1", http.StatusTemporaryRedirect)
			return
		}
		respond(200, `{"TotalCount": 4}`)(w, r)
	})
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

func TestCertificateErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	var calls counter
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.add() }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake is expected
	srv.StartTLS()
	defer srv.Close()
	var logs bytes.Buffer
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL(srv.URL), wrapper.WithRateLimit(0, 0),
		wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithWaitFunc(noWait),
		wrapper.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.ErrorContains(t, err, "certificate")
	assert.Zero(t, calls.count())
	assert.Empty(t, logs.String(), "no retry was attempted")
}

func TestConnectionFailuresAreRetriedForReads(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(cutFirst(2))}, wrapper.WithMaxRetries(3))
	seed(sb, 3)
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.Equal(t, int64(3), sb.Stats().Requests)
}

// cutFirst drops the connection of the first n requests before handling them.
func cutFirst(n int) sandbox.FaultFunc {
	var calls counter
	return func(*http.Request) *sandbox.Fault {
		if calls.add() <= n {
			return &sandbox.Fault{Cut: sandbox.CutBeforeHandling}
		}
		return nil
	}
}

// TestSecretsNeverAppearInErrorsOrLogs drives every error path and checks
// every rendering of every error, and every log record, for the secrets.
func TestSecretsNeverAppearInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	ctx := t.Context()

	// Construction and argument errors.
	_, err := wrapper.New(wrapper.Credentials{SecureURL: "s", PrivateKey: testCreds.PrivateKey})
	collect(err)
	_, err = wrapper.New(wrapper.Credentials{SecureURL: "s", Token: testCreds.Token})
	collect(err)
	_, err = wrapper.New(wrapper.Credentials{SecureURL: "s", PrivateKey: testCreds.PrivateKey + "\n", Token: testCreds.Token})
	collect(err)
	_, err = wrapper.New(testCreds, wrapper.WithBaseURL("http://example.com"))
	collect(err)

	// Every status and body shape, through every method, with retries and logs.
	mux, c := setup(t, wrapper.WithMaxRetries(1), wrapper.WithLogger(logger))
	var status counter
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		codes := []int{400, 401, 404, 415, 429, 500, 501, 502, 503, 504}
		code := codes[status.add()%len(codes)]
		// A hostile server echoes the request headers back in its error body.
		respond(code, fmt.Sprintf(`[{"Key":"Error","Status":"%d","Message":"echo %v"}]`, code, r.Header))(w, r)
	})
	for range 3 {
		_, err = c.Create(ctx, token(1))
		collect(err)
		_, err = c.List(ctx, wrapper.ListParams{})
		collect(err)
		_, err = c.Count(ctx)
		collect(err)
		_, _, err = c.Get(ctx, 1)
		collect(err)
		collect(c.Update(ctx, 1, token(1)))
		_, err = c.UpdateMany(ctx, []wrapper.PaymentToken{{PaymentTokenID: 1}})
		collect(err)
		collect(c.Delete(ctx, 1))
		for _, err := range c.All(ctx) {
			collect(err)
		}
	}

	// Transport failures: refused connection, certificate, redirect, cancellation, oversize.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	dead, err := wrapper.New(testCreds, wrapper.WithBaseURL(closed.URL), wrapper.WithLogger(logger), wrapper.WithMaxRetries(1), wrapper.WithWaitFunc(noWait), wrapper.WithRateLimit(0, 0))
	require.NoError(t, err)
	_, err = dead.Count(ctx)
	collect(err)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:1/x", http.StatusFound)
	})
	_, _, err = c.Get(ctx, 2)
	collect(err)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.Count(cancelled)
	collect(err)
	_, _, err = c.Get(ctx, 0)
	collect(err)

	require.GreaterOrEqual(t, len(errs), 30)
	var out strings.Builder
	out.WriteString(renderings(errs))
	fmt.Fprintf(&out, "%v %+v %#v %v %+v\n", c, c, c, *c, *c)
	out.WriteString(logs.String())
	assert.NotEmpty(t, logs.String(), "retries were logged")
	for _, secret := range []string{testCreds.PrivateKey, testCreds.Token} {
		assert.False(t, strings.Contains(out.String(), secret), "a secret leaked into an error or a log record")
	}
	assert.Contains(t, out.String(), "[redacted]", "the echoed headers were masked")
}
