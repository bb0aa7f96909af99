package migrate_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// counter reads the sandbox's requests by method (sandbox.Stats.ByMethod),
// counted since the last reset.
type counter struct {
	sb   *sandbox.Server
	mu   sync.Mutex
	from sandbox.Stats // the counts at the last reset
}

// count is the requests of this method since the last reset.
func (c *counter) count(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int(c.sb.Stats().ByMethod[method] - c.from.ByMethod[method])
}

// writes is the requests that can change the store since the last reset.
func (c *counter) writes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int(c.sb.Stats().Writes() - c.from.Writes())
}

// reset counts from now on.
func (c *counter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.from = c.sb.Stats()
}

// store is a sandbox, a client for it whose every exchange is validated
// against the spec, and a count of its requests.
type store struct {
	sb    *sandbox.Server
	c     *wrapper.Client
	base  string // c's base URL
	n     *counter
	hc    *http.Client                      // c's
	conns atomic.Int32                      // connections the sandbox's server holds open
	later atomic.Pointer[sandbox.FaultFunc] // asked after the store's own fault, when set (misbehave)
}

// misbehave makes the sandbox ask fault too, from now on, for the requests
// its own fault lets through.
func (s *store) misbehave(fault sandbox.FaultFunc) { s.later.Store(&fault) }

// quiesce waits (at most 10 s) until every request the client sent was
// handled: after an interrupted run, a request the client gave up on may
// still be in transit or being applied. The client's connections are
// closed, and a server closes a connection only once it has handled every
// request that came before its end.
func (s *store) quiesce(t *testing.T) {
	t.Helper()
	s.hc.CloseIdleConnections()
	for deadline := time.Now().Add(10 * time.Second); s.conns.Load() > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	require.Zero(t, s.conns.Load(), "the sandbox is still handling requests")
}

// newStore starts a sandbox whose fault hook asks fault (when not nil) how
// to misbehave, and counts its requests. Pacing is off and retries
// wait a millisecond.
// testSettle is the settle window of the tests: the sandbox applies a
// create before it answers or cuts it, so nothing lands later.
const testSettle = 30 * time.Millisecond

func newStore(t *testing.T, fault sandbox.FaultFunc, opts ...wrapper.Option) *store {
	t.Helper()
	return newStoreBehaving(t, sandbox.Behaviour{}, fault, opts...)
}

// newStoreBehaving is newStore of a sandbox that behaves as b says.
func newStoreBehaving(t *testing.T, b sandbox.Behaviour, fault sandbox.FaultFunc, opts ...wrapper.Option) *store {
	t.Helper()
	s := &store{}
	sb := newSandbox(t, sandbox.WithBehaviour(b), sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if fault != nil {
			if f := fault(r); f != nil {
				return f
			}
		}
		if later := s.later.Load(); later != nil {
			return (*later)(r)
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	s.sb = sb
	s.n = &counter{sb: sb}
	// The sandbox's handler on a server of our own, to know when it is idle.
	srv := httptest.NewUnstartedServer(sb.Handler())
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			s.conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.conns.Add(-1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	hc, err := contract.NewHTTPClient(t)
	require.NoError(t, err)
	s.hc = hc
	s.base = srv.URL + contract.BasePath
	base := []wrapper.Option{
		wrapper.WithBaseURL(s.base),
		wrapper.WithHTTPClient(hc),
		wrapper.WithRateLimit(0, 0),
		wrapper.WithRetryWait(time.Millisecond, 2*time.Millisecond),
	}
	s.c, err = wrapper.New(wrapper.Credentials(sb.Credentials()), append(base, opts...)...)
	require.NoError(t, err)
	return s
}

// token returns a token with a key of its own (PaymentProfileID pm_i),
// carrying i as its source id.
func token(i int) wrapper.PaymentToken {
	return wrapper.PaymentToken{
		PaymentTokenID:    int32(i),
		CustomerID:        int32(500 + i),
		OrderID:           int32(9000 + i),
		CustomerProfileID: fmt.Sprintf("cus_%d", i%3),
		PaymentProfileID:  fmt.Sprintf("pm_%d", i),
		CardLast4:         int32(1000 + i),
		CardExpMonth:      int32(1 + i%12),
		CardExpYear:       2030,
		GatewayName:       "Stripe",
		GatewayID:         7,
	}
}

// tokens returns token(from) to token(to).
func tokens(from, to int) []wrapper.PaymentToken {
	var out []wrapper.PaymentToken
	for i := from; i <= to; i++ {
		out = append(out, token(i))
	}
	return out
}

// unsaved returns ts without their ids, as they are seeded into a target.
func unsaved(ts []wrapper.PaymentToken) []wrapper.PaymentToken {
	out := make([]wrapper.PaymentToken, len(ts))
	for i, t := range ts {
		t.PaymentTokenID = 0
		out[i] = t
	}
	return out
}

// writeTokens writes ts to a new file named name in a test folder.
func writeTokens(t *testing.T, name string, ts []wrapper.PaymentToken) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	format, err := tokenfile.FormatOf(path)
	require.NoError(t, err)
	f, err := os.Create(path)
	require.NoError(t, err)
	w, err := tokenfile.NewWriter(f, format)
	require.NoError(t, err)
	for _, tok := range ts {
		require.NoError(t, w.Write(tok))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	return path
}

// writeText writes content to a new file named name in a test folder.
func writeText(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// byKey indexes a store's tokens by PaymentProfileID (the part of the test
// tokens' key that differs), failing on a key held twice.
func byKey(t *testing.T, ts []wrapper.PaymentToken) map[string]wrapper.PaymentToken {
	t.Helper()
	m := map[string]wrapper.PaymentToken{}
	for _, tok := range ts {
		_, dup := m[tok.PaymentProfileID]
		require.False(t, dup, "key %s is held twice", tok.PaymentProfileID)
		m[tok.PaymentProfileID] = tok
	}
	return m
}

// requireHolds checks that the store holds exactly the tokens want (by
// key, once each), with want's fields apart from the ids and LastUpdate.
func requireHolds(t *testing.T, sb *sandbox.Server, want []wrapper.PaymentToken) map[string]wrapper.PaymentToken {
	t.Helper()
	got := byKey(t, sb.Tokens())
	require.Len(t, got, len(want))
	for _, w := range want {
		g, ok := got[w.PaymentProfileID]
		require.True(t, ok, "key %s is missing", w.PaymentProfileID)
		w.PaymentTokenID, w.LastUpdate = g.PaymentTokenID, g.LastUpdate
		require.Equal(t, w, g)
	}
	return got
}

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
