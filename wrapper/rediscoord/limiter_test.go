package rediscoord_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/redistest"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// newRedisClient is one process's connection to srv.
func newRedisClient(t *testing.T, srv *redistest.Server) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr(), MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// newSandbox is sandbox.New, failing the test on its error, closed when the test ends.
func newSandbox(t *testing.T, opts ...sandbox.Option) *sandbox.Server {
	t.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(t, err)
	t.Cleanup(sb.Close)
	return sb
}

// newLimitedClient is a client of sb paced through its own connection to
// srv (another process, as far as Redis can tell).
func newLimitedClient(t *testing.T, sb *sandbox.Server, srv *redistest.Server, perSecond float64, burst int, opts ...wrapper.Option) *wrapper.Client {
	t.Helper()
	limiter, err := rediscoord.NewLimiter(t.Context(), newRedisClient(t, srv), perSecond, burst)
	require.NoError(t, err)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), append([]wrapper.Option{wrapper.WithBaseURL(sb.URL()),
		wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithLimiter(limiter), wrapper.WithMaxRetries(0)}, opts...)...)
	require.NoError(t, err)
	return c
}

// TestClientsSharingALimiterStayInsideTheStoresBucket runs four clients of
// one store, each through its own Redis connection, against the sandbox's
// bucket (scaled from the API's 50 and 2/s, slow enough that the headroom
// of 1/rate = 100 ms covers a loaded machine): not one 429, where four
// clients pacing themselves at the store's rate overflow it.
func TestClientsSharingALimiterStayInsideTheStoresBucket(t *testing.T) {
	t.Parallel()
	const burst, perSecond, clients, each = 5, 10.0, 4, 5
	srv := redistest.Start(t)
	sb := newSandbox(t, sandbox.WithRateLimit(perSecond, burst))
	var wg sync.WaitGroup
	for range clients {
		c := newLimitedClient(t, sb, srv, perSecond, burst)
		wg.Go(func() {
			for range each {
				_, err := c.Count(context.Background())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	stats := sb.Stats()
	require.Equal(t, int64(clients*each), stats.Requests)
	assert.Zero(t, stats.Throttled, "the clients share one budget")
}

// TestA429SeenByOneClientSlowsEveryClient: after one process's 429 with a
// Retry-After of 2 s, another process's next request waits for it (a
// deadline of 1 s cannot be met, so its wait fails at once).
func TestA429SeenByOneClientSlowsEveryClient(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	first, err := rediscoord.NewLimiter(t.Context(), newRedisClient(t, srv), 1000, 50)
	require.NoError(t, err)
	second, err := rediscoord.NewLimiter(t.Context(), newRedisClient(t, srv), 1000, 50)
	require.NoError(t, err)
	require.NoError(t, second.Wait(t.Context(), "store-a"), "a fresh budget has its burst")
	first.Penalize(t.Context(), "store-a", 2*time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	require.ErrorIs(t, second.Wait(ctx, "store-a"), context.DeadlineExceeded)
	require.NoError(t, second.Wait(ctx, "store-b"), "another store's budget is its own")
}

// TestRedisUnreachableAtStartIsAnError: no silent fall back to no coordination.
func TestRedisUnreachableAtStartIsAnError(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Stop()
	_, err := rediscoord.NewLimiter(t.Context(), newRedisClient(t, srv), 2, 50)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "paymenttokens: Redis cannot be reached")
}

// TestTheLimiterWorksAgainOnceRedisIsBack: while Redis is down a request is
// not sent and its error names Redis; once Redis is back (restarted empty),
// requests go through again.
func TestTheLimiterWorksAgainOnceRedisIsBack(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	sb := newSandbox(t, sandbox.WithRateLimit(100, 10))
	c := newLimitedClient(t, sb, srv, 100, 10)
	_, err := c.Count(t.Context())
	require.NoError(t, err)

	srv.Stop()
	_, err = c.Count(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "waiting for the shared rate limit: asking Redis:")
	assert.NotErrorIs(t, err, wrapper.ErrUnreachable, "the API was not tried")
	requests := sb.Stats().Requests

	srv.Start()
	_, err = c.Count(t.Context())
	require.NoError(t, err, "the script is loaded again into the new Redis")
	assert.Equal(t, requests+1, sb.Stats().Requests)
}
