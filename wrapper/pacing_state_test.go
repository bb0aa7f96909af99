package wrapper_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestPacingTellsTheBurstLeftAndTheRate(t *testing.T) {
	_, c := setup(t, wrapper.WithRateLimit(2, 50))
	p := c.Pacing()
	assert.Equal(t, 2.0, p.PerSecond)
	assert.Equal(t, 49, p.Burst, "one request of headroom")
	assert.InDelta(t, 49, p.Available, 0.01)
	assert.Zero(t, p.Time(49), "the burst goes at once")
	assert.Equal(t, 75*time.Second, p.Time(199), "150 past the burst at 2/s")
	for range 9 {
		_, _ = c.Count(t.Context()) // each spends one request of the burst, answered or not
	}
	assert.InDelta(t, 40, c.Pacing().Available, 0.1)
	assert.InDelta(t, 49, c.Pacing().Fresh().Available, 0)
	assert.Zero(t, wrapper.Pacing{}.Time(1000), "no pacing, no wait of its own")
}

func TestPacingTellsTheRetryWaitedFor(t *testing.T) {
	var calls atomic.Int32
	waiting := make(chan wrapper.Pacing, 1)
	var c *wrapper.Client
	mux, c := setup(t, wrapper.WithMaxRetries(1), wrapper.WithWaitFunc(func(_ context.Context, d time.Duration) error {
		waiting <- c.Pacing() // what a display reads during the wait
		return nil
	}))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		respond(200, `{"TotalCount": 3}`)(w, nil)
	})
	before := time.Now()
	_, err := c.Count(t.Context())
	require.NoError(t, err)
	p := <-waiting
	assert.Equal(t, "status 429", p.RetryCause)
	assert.WithinDuration(t, before.Add(7*time.Second), p.RetryUntil, time.Second)
}
