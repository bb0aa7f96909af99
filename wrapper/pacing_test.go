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

// TestUncoordinatedClientsOnOneStoreUpdateEveryToken: four clients of one
// store, each pacing itself at the store's whole rate and burst, overflow
// its bucket; a client retries its 429s (one retry of anything else
// allowed) and slows down until they fit, so every token is updated.
// Before, a 429 counted as a retry and batches failed.
func TestUncoordinatedClientsOnOneStoreUpdateEveryToken(t *testing.T) {
	t.Parallel()
	const burst, perSecond, clients, each = 10, 50.0, 4, 100
	sb, _ := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(perSecond, burst)})
	seed(sb, clients*each)
	stored := sb.Tokens()
	var wg sync.WaitGroup
	for i := range clients {
		c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()),
			wrapper.WithRateLimit(perSecond, burst), wrapper.WithBatchSize(5), wrapper.WithMaxRetries(1),
			wrapper.WithRetryWait(10*time.Millisecond, 50*time.Millisecond)) // Retry-After's whole second capped
		require.NoError(t, err)
		part := make([]wrapper.PaymentToken, each)
		for j := range part {
			part[j] = stored[i*each+j]
			part[j].GatewayName = "Updated"
		}
		wg.Go(func() {
			_, err := c.UpdateMany(context.Background(), part)
			assert.NoError(t, err, "client %d", i)
		})
	}
	wg.Wait()
	for _, tok := range sb.Tokens() {
		require.Equal(t, "Updated", tok.GatewayName, "token %d", tok.PaymentTokenID)
	}
	t.Logf("%d requests, %d answered 429", sb.Stats().Requests, sb.Stats().Throttled)
}
