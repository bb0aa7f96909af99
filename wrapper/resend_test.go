package wrapper_test

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// traceHider sends requests through an http.Transport with a context that
// keeps none of the caller's values, as some wrapping RoundTrippers do: the
// client's httptrace never hears of a connection.
type traceHider struct{ inner *http.Transport }

func (h traceHider) RoundTrip(r *http.Request) (*http.Response, error) {
	return h.inner.RoundTrip(r.Clone(context.Background()))
}

func TestACreateCutAfterItWasAppliedIsNotResentWhateverTheTransport(t *testing.T) {
	t.Parallel()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithHTTPClient(&http.Client{Transport: traceHider{transport}}))
	var applied counter
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		applied.add() // the token is created, then the connection is cut before the answer
		cutAfterReading(w, r)
	})
	_, err := c.Create(t.Context(), token(1))
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable)
	assert.Equal(t, 1, applied.count(), "exactly one token")
}

// vanishingServer dials real connections until the server goes away: from
// then on, a write on a connection already open fails before a byte leaves
// (as on one the server reset while it sat idle in the pool), and a new
// dial is refused by a port nothing listens on.
type vanishingServer struct {
	gone       atomic.Bool
	deadWrites atomic.Int32
	closed     string
}

func (v *vanishingServer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	if v.gone.Load() {
		return d.DialContext(ctx, network, v.closed)
	}
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &vanishingConn{Conn: conn, server: v}, nil
}

type vanishingConn struct {
	net.Conn
	server *vanishingServer
}

func (c *vanishingConn) Write(b []byte) (int, error) {
	if c.server.gone.Load() {
		c.server.deadWrites.Add(1)
		return 0, &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return c.Conn.Write(b)
}

func TestARefusedDialAfterADeadPooledConnectionIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	v := &vanishingServer{closed: closedPort(t)}
	transport := &http.Transport{DialContext: v.dial}
	t.Cleanup(transport.CloseIdleConnections)
	mux, c := setup(t, wrapper.WithMaxRetries(2), wrapper.WithHTTPClient(&http.Client{Transport: transport}))
	var posts counter
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", respond(200, `{"TotalCount": 1}`))
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", sequence(&posts, created))
	_, err := c.Count(t.Context()) // leaves a connection idle in the pool
	require.NoError(t, err)

	v.gone.Store(true)
	_, err = c.Create(t.Context(), token(1))
	require.ErrorIs(t, err, wrapper.ErrUnreachable)
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown, "nothing was written: the pooled connection failed before a byte left, every dial was refused")
	assert.Contains(t, err.Error(), "after 3 attempts", "so the create was sent again")
	assert.Positive(t, v.deadWrites.Load(), "the pooled connection was tried first")
	assert.Zero(t, posts.count())
}
