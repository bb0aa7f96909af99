package sandbox_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// behaving starts a sandbox that behaves as b, seeded with n sample tokens
// (ids 1 to n), and a wrapper client for it whose every exchange is
// validated against the spec.
func behaving(t *testing.T, b sandbox.Behaviour, n int) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb := newSandbox(t, sandbox.WithBehaviour(b))
	t.Cleanup(sb.Close)
	for i := range int32(n) {
		sb.Seed(token(i + 1))
	}
	hc, err := contract.NewHTTPClient(t)
	require.NoError(t, err)
	client, err := sb.Client(wrapper.WithHTTPClient(hc))
	require.NoError(t, err)
	return sb, client
}

// listIDs lists one page and returns its ids.
func listIDs(t *testing.T, c *wrapper.Client, limit, offset int) []int32 {
	t.Helper()
	tokens, err := c.List(t.Context(), wrapper.ListParams{Limit: limit, Offset: offset})
	require.NoError(t, err)
	return idsOf(tokens)
}

func idsOf(tokens []wrapper.PaymentToken) []int32 {
	ids := make([]int32, len(tokens))
	for i, tk := range tokens {
		ids[i] = tk.PaymentTokenID
	}
	return ids
}

// idRange is from, from+1, …, to.
func idRange(from, to int32) []int32 {
	out := []int32{}
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
