package wrapper_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// TestPacingKeepsABulkJobInsideTheLimit runs goroutines sharing one client
// against the sandbox's leaky bucket set to the same numbers (scaled up from
// the API's 50 and 2/s so that the test is short, but slow enough that the
// client's headroom of 1/rate = 100 ms covers a loaded machine's delays):
// no request is throttled.
func TestPacingKeepsABulkJobInsideTheLimit(t *testing.T) {
	t.Parallel()
	const burst, perSecond, workers, each = 5, 10.0, 4, 5
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(perSecond, burst)},
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
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(50, 5)}, wrapper.WithMaxRetries(0))
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

func TestPacingWaitBeyondTheDeadlineIsTheDeadlinesError(t *testing.T) {
	t.Parallel()
	_, c := setupSandbox(t, nil, wrapper.WithRateLimit(0.01, 2)) // one request, then one per 100 s
	_, err := c.Count(t.Context())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err = c.Count(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "a slot that cannot come in time is the deadline's failure")
	assert.Contains(t, err.Error(), "waiting for the rate limit would pass the deadline")
	assert.NotContains(t, err.Error(), "attempts", "and it is not retried")
}
