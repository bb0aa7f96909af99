package rediscoord

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// keyPrefix names the keys of this package in Redis.
const keyPrefix = "paymenttokens:"

// gcraWait reserves the next request of a store: KEYS[1] holds the
// theoretical arrival time (µs, Redis's clock); ARGV are the interval
// between requests, the burst's tolerance and the longest wait the caller
// takes (µs). It returns the wait before sending, or -1 (nothing reserved)
// when that wait is longer.
var gcraWait = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat - tonumber(ARGV[2]) - now
if wait < 0 then wait = 0 end
if wait > tonumber(ARGV[3]) then return -1 end
local new = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', new), 'PX', math.ceil((new - now) / 1000) + 1000)
return wait
`)

// gcraPenalize records a 429: the store's bucket is full, so the next
// request waits the longer of one interval and the Retry-After (ARGV[3],
// µs), and no burst follows.
var gcraPenalize = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
local full = now + math.max(tonumber(ARGV[3]), tonumber(ARGV[1])) + tonumber(ARGV[2])
if full > tat then
  redis.call('SET', KEYS[1], string.format('%.0f', full), 'PX', math.ceil((full - now) / 1000) + 1000)
end
return 0
`)

// Limiter is a [wrapper.Limiter] on Redis: one budget per store, shared by
// every process using the same Redis. It is safe for many goroutines.
type Limiter struct {
	rdb       redis.UniversalClient
	interval  int64 // µs between requests
	tolerance int64 // µs of burst
}

// NewLimiter returns the Limiter of stores whose API allows burst requests
// at once, then perSecond (the API's are wrapper.DefaultRateBurst and
// wrapper.DefaultRatePerSec). Like the client's own pacing it keeps one
// request of the burst as headroom for network jitter. It pings Redis and
// fails when Redis cannot be reached.
func NewLimiter(ctx context.Context, rdb redis.UniversalClient, perSecond float64, burst int) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("paymenttokens: rediscoord.NewLimiter: the Redis client is nil")
	}
	if !(perSecond > 0) || math.IsInf(perSecond, 1) || burst < 1 {
		return nil, fmt.Errorf("paymenttokens: rediscoord.NewLimiter(%v, %d): want perSecond > 0 and burst >= 1", perSecond, burst)
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("paymenttokens: Redis cannot be reached (%w): check its address, or run without it", err)
	}
	interval := int64(math.Round(1e6 / perSecond))
	return &Limiter{rdb: rdb, interval: interval, tolerance: int64(max(burst-2, 0)) * interval}, nil
}

// Wait blocks until one more request may be sent to store, or ctx ends; a
// wait that would pass ctx's deadline fails at once and reserves nothing.
func (l *Limiter) Wait(ctx context.Context, store string) error {
	longest := int64(math.MaxInt64 / 2)
	if deadline, ok := ctx.Deadline(); ok {
		longest = time.Until(deadline).Microseconds()
	}
	wait, err := gcraWait.Run(ctx, l.rdb, []string{rateKey(store)}, l.interval, l.tolerance, longest).Int64()
	if err != nil {
		return fmt.Errorf("asking Redis: %w", err)
	}
	if wait < 0 {
		return fmt.Errorf("the store's turn would come after the deadline: %w", context.DeadlineExceeded)
	}
	if wait == 0 {
		return nil
	}
	return pipeline.SleepCtx(ctx, time.Duration(wait)*time.Microsecond)
}

// Penalize records that store answered 429: every client of the store
// waits one interval, or retryAfter when longer, then goes on without a
// burst. A failure to reach Redis is left to the next Wait to report.
func (l *Limiter) Penalize(ctx context.Context, store string, retryAfter time.Duration) {
	_ = gcraPenalize.Run(ctx, l.rdb, []string{rateKey(store)}, l.interval, l.tolerance, retryAfter.Microseconds()).Err()
}

// rateKey is the key of a store's budget.
func rateKey(store string) string { return keyPrefix + "rate:" + store }
