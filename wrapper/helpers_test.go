package wrapper_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// testCreds are the credentials of the unit-test servers.
var testCreds = wrapper.Credentials{SecureURL: "https://store.example", PrivateKey: "pk-secret-7f3a", Token: "tk-secret-91c2"}

// setupSandbox starts a sandbox and a client for it (sandbox.Server.Client)
// whose every exchange is validated against the spec and whose retries do
// not wait. Pacing is off unless opts turn it on.
func setupSandbox(t *testing.T, sbOpts []sandbox.Option, opts ...wrapper.Option) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb := newSandbox(t, sbOpts...)
	t.Cleanup(sb.Close)
	hc, err := contract.NewHTTPClient(t)
	require.NoError(t, err)
	c, err := sb.Client(append([]wrapper.Option{wrapper.WithHTTPClient(hc), wrapper.WithWaitFunc(noWait)}, opts...)...)
	require.NoError(t, err)
	return sb, c
}

// setup starts an httptest server with a mux for handlers written in the
// test (go-github style) and a client for it, with retries off unless opts
// turn them on.
func setup(t *testing.T, opts ...wrapper.Option) (*http.ServeMux, *wrapper.Client) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	base := []wrapper.Option{
		wrapper.WithBaseURL(srv.URL + contract.BasePath),
		wrapper.WithHTTPClient(&http.Client{Transport: transport}),
		wrapper.WithRateLimit(0, 0),
		wrapper.WithMaxRetries(0),
		wrapper.WithWaitFunc(noWait),
	}
	c, err := wrapper.New(testCreds, append(base, opts...)...)
	require.NoError(t, err)
	return mux, c
}

// respond answers status with body as JSON.
func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// counter counts the requests a handler receives.
type counter struct {
	mu sync.Mutex
	n  int
}

// add counts one and returns the new count.
func (c *counter) add() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.n
}

func (c *counter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// token makes a distinct valid token for test n.
var token = sandbox.SampleToken

// seed stores n tokens in sb and returns them as stored.
func seed(sb *sandbox.Server, n int) []wrapper.PaymentToken {
	tokens := make([]wrapper.PaymentToken, n)
	for i := range tokens {
		tokens[i] = token(int32(i + 1))
	}
	for i, id := range sb.Seed(tokens...) {
		tokens[i].PaymentTokenID = id
	}
	return tokens
}

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
