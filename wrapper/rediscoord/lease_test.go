package rediscoord_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/redistest"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
)

// acquireWithin tries to take the lease until it is taken or bound passes.
func acquireWithin(t *testing.T, srv *redistest.Server, name string, period, bound time.Duration) *rediscoord.Lease {
	t.Helper()
	rdb := newRedisClient(t, srv)
	for start := time.Now(); time.Since(start) < bound; time.Sleep(period / 10) {
		l, err := rediscoord.AcquireLease(t.Context(), rdb, name, period)
		if err == nil {
			t.Cleanup(func() { _ = l.Release(context.Background()) })
			return l
		}
		var held *rediscoord.HeldError
		require.ErrorAs(t, err, &held)
	}
	t.Fatalf("the lease %s was not free within %v", name, bound)
	return nil
}

func TestASecondHolderIsRefusedWithTheFirstsNameAndTheLeaseIsFreeOnceReleased(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	first, err := rediscoord.AcquireLease(t.Context(), newRedisClient(t, srv), "store-a", 10*time.Second)
	require.NoError(t, err)
	before := time.Now()
	_, err = rediscoord.AcquireLease(t.Context(), newRedisClient(t, srv), "store-a", 10*time.Second)
	var held *rediscoord.HeldError
	require.ErrorAs(t, err, &held)
	host, _ := os.Hostname()
	assert.Equal(t, host, held.Holder.Host)
	assert.Equal(t, os.Getpid(), held.Holder.PID)
	assert.False(t, held.Holder.Since.After(before), "since when it holds the lease")
	assert.Contains(t, err.Error(), "paymenttokens: store-a is held by process")

	require.NoError(t, first.Release(t.Context()))
	require.ErrorIs(t, first.Context().Err(), context.Canceled)
	second, err := rediscoord.AcquireLease(t.Context(), newRedisClient(t, srv), "store-a", 10*time.Second)
	require.NoError(t, err, "released, the lease is free at once")
	require.NoError(t, second.Release(t.Context()))
}

// TestAHolderThatStopsRenewingFreesTheLeaseWithinItsPeriod: a holder killed
// with SIGKILL leaves a key that expires within the period; its last
// recorded create is there for the next holder.
func TestAHolderThatStopsRenewingFreesTheLeaseWithinItsPeriod(t *testing.T) {
	t.Parallel()
	const period = time.Second
	srv := redistest.Start(t)
	rdb := newRedisClient(t, srv)
	killed, err := rediscoord.AcquireLease(t.Context(), rdb, "store-b", period)
	require.NoError(t, err)
	created := time.UnixMilli(time.Now().UnixMilli())
	require.NoError(t, killed.RecordCreate(t.Context(), created))
	killed.StopRenewing()
	ttl, err := rdb.PTTL(t.Context(), "paymenttokens:lease:store-b").Result()
	require.NoError(t, err)
	assert.LessOrEqual(t, ttl, period, "the key expires within the period")

	next := acquireWithin(t, srv, "store-b", period, 20*period)
	assert.True(t, next.LastCreate().Equal(created), "the next holder knows when the killed one last sent a create: %v", next.LastCreate())
}

// TestALostLeaseCancelsItsContextBeforeAnotherProcessTakesIt: Redis
// restarted empty forgets the lease; the holder cannot renew, and its
// context ends before another process's AcquireLease returns.
func TestALostLeaseCancelsItsContextBeforeAnotherProcessTakesIt(t *testing.T) {
	t.Parallel()
	const period = 3 * time.Second
	srv := redistest.Start(t)
	holder := acquireWithin(t, srv, "store-c", period, 20*period)
	require.NoError(t, holder.Context().Err())
	srv.Stop()
	srv.Start()
	next, err := rediscoord.AcquireLease(t.Context(), newRedisClient(t, srv), "store-c", period)
	require.NoError(t, err)
	t.Cleanup(func() { _ = next.Release(context.Background()) })
	require.ErrorIs(t, context.Cause(holder.Context()), rediscoord.ErrLeaseLost, "the holder knew it had lost the lease first")
	require.ErrorIs(t, holder.RecordCreate(t.Context(), time.Now()), rediscoord.ErrLeaseLost, "and cannot record a create any more")
}

// TestALeaseTakenByAnotherProcessIsLostAtTheNextRenewal: when the key is
// gone and another process took it, the holder's next renewal ends its context.
func TestALeaseTakenByAnotherProcessIsLostAtTheNextRenewal(t *testing.T) {
	t.Parallel()
	const period = 2 * time.Second
	srv := redistest.Start(t)
	rdb := newRedisClient(t, srv)
	holder := acquireWithin(t, srv, "store-d", period, 20*period)
	require.NoError(t, rdb.Del(t.Context(), "paymenttokens:lease:store-d").Err())
	other := acquireWithin(t, srv, "store-d", period, 20*period)
	select {
	case <-holder.Context().Done():
	case <-time.After(10 * period):
		t.Fatal("the holder did not notice that another process holds the lease")
	}
	require.ErrorIs(t, context.Cause(holder.Context()), rediscoord.ErrLeaseLost)
	require.NoError(t, other.Context().Err(), "the new holder keeps it")
}
