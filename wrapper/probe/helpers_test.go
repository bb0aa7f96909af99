package probe_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// seeded is the LastUpdate of the tokens a test store is seeded with.
var seeded = api.DateTime{Time: time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)}

// store starts a sandbox that behaves as b, seeded with n sample tokens,
// and a client for it. The client is not the contract's validating one: the
// probe asks what the spec does not allow (a limit over 500, an array POST).
func store(t *testing.T, b sandbox.Behaviour, n int) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb := newSandbox(t, sandbox.WithBehaviour(b))
	t.Cleanup(sb.Close)
	for i := range int32(n) {
		tk := sandbox.SampleToken(i + 1)
		tk.LastUpdate = seeded
		sb.Seed(tk)
	}
	client, err := sb.Client()
	require.NoError(t, err)
	return sb, client
}

// oneTokenStore starts a sandbox made with opts holding one sample token,
// and a client for it.
func oneTokenStore(t *testing.T, opts ...sandbox.Option) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb := newSandbox(t, opts...)
	t.Cleanup(sb.Close)
	sb.Seed(sandbox.SampleToken(1))
	c, err := sb.Client()
	require.NoError(t, err)
	return sb, c
}

// probeRun runs the probe with a journal in a temporary folder.
func probeRun(t *testing.T, c *wrapper.Client, write bool) (*probe.Report, error) {
	t.Helper()
	return probe.Run(t.Context(), c, probe.Options{Write: write, Journal: filepath.Join(t.TempDir(), "probe.journal")})
}

// answers indexes a report's answers by question.
func answers(r *probe.Report) map[string]probe.Answer {
	out := map[string]probe.Answer{}
	for _, a := range r.Answers {
		out[a.Question] = a
	}
	return out
}

// probeTokens returns the tokens of sb that carry the probe marker.
func probeTokens(sb *sandbox.Server) []wrapper.PaymentToken {
	var out []wrapper.PaymentToken
	for _, tk := range sb.Tokens() {
		if strings.HasPrefix(tk.PaymentProfileID, probe.Marker) {
			out = append(out, tk)
		}
	}
	return out
}

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
