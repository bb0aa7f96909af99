package wrapper_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/tests/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// TestPacingKeepsABulkJobInsideTheLimit runs goroutines sharing one client
// against the sandbox's leaky bucket set to the same numbers (scaled up from
// the API's 50 and 2/s so that the test is short): no request is throttled.
func TestPacingKeepsABulkJobInsideTheLimit(t *testing.T) {
	t.Parallel()
	const burst, perSecond, workers, each = 5, 50.0, 4, 15
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(burst, perSecond)},
		wrapper.WithRateLimit(perSecond, burst), wrapper.WithMaxRetries(0))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				_, err := c.Count(t.Context())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	stats := sb.Stats()
	require.Equal(t, int64(workers*each), stats.Requests)
	assert.Zero(t, stats.Throttled, "no 429 while the client paces itself")
}

// TestWithoutPacingTheSameJobIsThrottled proves the test above can fail.
func TestWithoutPacingTheSameJobIsThrottled(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(5, 50)}, wrapper.WithMaxRetries(0))
	var throttled int
	for range 20 {
		if _, err := c.Count(t.Context()); err != nil {
			require.ErrorIs(t, err, wrapper.ErrRateLimited)
			throttled++
		}
	}
	assert.Positive(t, throttled)
	assert.Equal(t, int64(throttled), sb.Stats().Throttled)
}
