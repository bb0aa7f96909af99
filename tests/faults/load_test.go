package faults_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// randomFaults fails about one request in eight before handling it, with a
// fixed seed so that a failure can be replayed.
func randomFaults() sandbox.FaultFunc {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(2026, 11))
	faults := []*sandbox.Fault{
		jsonFault(503, nil, `[{"Key":"Error","Status":"503","Message":"busy"}]`),
		jsonFault(429, http.Header{"Retry-After": {"0"}}, `[{"Key":"Error","Status":"429","Message":"slow"}]`),
		{Cut: sandbox.CutBeforeHandling},
		{Delay: 5 * time.Millisecond},
	}
	return func(*http.Request) *sandbox.Fault {
		mu.Lock()
		defer mu.Unlock()
		if rng.IntN(8) != 0 {
			return nil
		}
		return faults[rng.IntN(len(faults))]
	}
}

// TestLoadWithFaults runs 16 goroutines of bounded work on one client
// against the sandbox with its leaky bucket on and random faults: every
// token whose write succeeded is read back intact, and no token exists that
// the callers do not know of.
func TestLoadWithFaults(t *testing.T) {
	t.Parallel()
	const workers, tokensEach = 16, 6
	const burst, perSecond = 20, 400.0
	sb := newSandbox(t, sandbox.WithRateLimit(perSecond, burst), sandbox.WithFaults(randomFaults()))
	defer sb.Close()
	c, err := sb.Client(wrapper.WithRateLimit(perSecond, burst), wrapper.WithMaxRetries(5),
		wrapper.WithRetryWait(time.Millisecond, 20*time.Millisecond))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	var mu sync.Mutex
	written := map[int32]wrapper.PaymentToken{} // what the callers know they wrote
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range tokensEach {
				tk := wrapper.PaymentToken{
					CustomerID:       int32(w*1000 + i),
					PaymentProfileID: fmt.Sprintf("tok_%d_%d", w, i),
					GatewayName:      "Load",
					CardLast4:        int32(i),
				}
				id, err := c.Create(ctx, tk)
				if err != nil {
					continue // a failed POST had no effect: every fault here comes before handling
				}
				tk.PaymentTokenID = id
				mu.Lock()
				written[id] = tk
				mu.Unlock()

				got, found, err := c.Get(ctx, id)
				if assert.NoError(t, err) && assert.True(t, found) {
					assert.Equal(t, tk.PaymentProfileID, got.PaymentProfileID)
				}
				tk.GatewayName = "Load-updated"
				if assert.NoError(t, c.Update(ctx, id, tk)) {
					mu.Lock()
					written[id] = tk
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	require.NoError(t, ctx.Err(), "the load finished within its time bound")

	stored := map[int32]wrapper.PaymentToken{}
	for tk, err := range c.All(ctx) {
		require.NoError(t, err)
		tk.LastUpdate = wrapper.DateTime{}
		stored[tk.PaymentTokenID] = tk
	}
	assert.Equal(t, written, stored, "every token written is read back intact, and nothing else exists")
	assert.Greater(t, len(written), workers*tokensEach/2, "most creates got through the faults")
	t.Logf("%d of %d creates succeeded; %d requests, %d throttled", len(written), workers*tokensEach, sb.Stats().Requests, sb.Stats().Throttled)
}
