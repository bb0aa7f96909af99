package sandbox_test

import (
	"math"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// countStatuses sends n countonly requests and tallies the statuses.
func countStatuses(t *testing.T, c *gen.ClientWithResponses, n int) map[int]int {
	t.Helper()
	statuses := map[int]int{}
	for range n {
		resp, err := c.ListPaymentTokensWithResponse(t.Context(), &gen.ListPaymentTokensParams{Countonly: ptr[int32](1)})
		require.NoError(t, err)
		statuses[resp.StatusCode()]++
	}
	return statuses
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	// One per second leaks nothing that matters in the time the test takes:
	// the bucket of 3 admits exactly three.
	sb, c := setup(t, sandbox.WithRateLimit(1, 3))
	assert.Equal(t, map[int]int{http.StatusOK: 3}, countStatuses(t, c, 3))
	resp, err := c.ListPaymentTokensWithResponse(t.Context(), &gen.ListPaymentTokensParams{Countonly: ptr[int32](1)})
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode())
	assert.Equal(t, "1", resp.HTTPResponse.Header.Get("Retry-After"))
	assert.Equal(t, api.IntString(429), (*resp.JSON429)[0].Status)
	assert.Equal(t, sandbox.Stats{Requests: 4, ByMethod: map[string]int64{"GET": 4}, Throttled: 1}, sb.Stats())
}

func TestRateLimitZeroZeroIsOff(t *testing.T) {
	t.Parallel()
	sb, c := setup(t, sandbox.WithRateLimit(0, 0))
	assert.Equal(t, map[int]int{http.StatusOK: 60}, countStatuses(t, c, 60))
	assert.Equal(t, sandbox.Stats{Requests: 60, ByMethod: map[string]int64{"GET": 60}}, sb.Stats())
}

func TestRateLimitRefusesBadValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		perSecond float64
		burst     int
		shown     string
	}{
		{-1, 5, "(-1, 5)"},
		{2, -1, "(2, -1)"},
		{2, 0, "(2, 0)"},
		{0, 5, "(0, 5)"},
		{math.NaN(), 5, "(NaN, 5)"},
		{math.Inf(1), 5, "(+Inf, 5)"},
		{math.Inf(-1), 5, "(-Inf, 5)"},
	} {
		sb, err := sandbox.New(sandbox.WithRateLimit(c.perSecond, c.burst))
		assert.Nil(t, sb, c.shown)
		require.Error(t, err, c.shown)
		assert.Contains(t, err.Error(), "sandbox.WithRateLimit"+c.shown, "the message names the values")
		assert.Contains(t, err.Error(), "want perSecond > 0 (finite) and burst >= 1, or (0, 0) to turn the limit off", c.shown)
	}
}
