package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shift4shop-go/paymenttokens/internal/redistest"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// Many clients on one store: the API's bucket of 50 scaled to leak 25
// requests a second (a bucket time of 2 s instead of 25 s) and 20 ms of
// server latency, so that a job of sharedRequests takes about 14 s.
const (
	sharedBurst    = 50
	sharedRate     = 25.0
	sharedRequests = 400 // bulk PUTs, shared by the clients
	sharedBatch    = 10
	sharedLatency  = 20 * time.Millisecond
)

// noRetryAfter drops the Retry-After of the sandbox's 429s, as the real API
// sends none (and whole seconds are many bucket leaks at a scaled rate).
type noRetryAfter struct{ next http.RoundTripper }

func (t noRetryAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil {
		resp.Header.Del("Retry-After")
	}
	return resp, err
}

// sharedStoreRun is one job: n clients, each made with opts (and client i's
// own transport), updating their part of a store through its bucket.
type sharedStoreRun struct {
	elapsed           time.Duration
	requests, limited int64
	failed            int
}

// runSharedStore updates sharedRequests batches of a store, split among n
// clients made by newClient, all started at once.
func runSharedStore(b *testing.B, n int, newClient func(sb *sandbox.Server, hc *http.Client) *wrapper.Client) sharedStoreRun {
	b.Helper()
	sb := newSandbox(b, sandbox.WithRateLimit(sharedRate, sharedBurst), sandbox.WithFaults(func(*http.Request) *sandbox.Fault {
		return &sandbox.Fault{Delay: sharedLatency}
	}))
	defer sb.Close()
	total := sharedRequests * sharedBatch
	seed := make([]wrapper.PaymentToken, total)
	for i := range seed {
		seed[i] = benchToken(i + 1)
	}
	sb.Seed(seed...)
	stored := sb.Tokens()
	parts := make([][]wrapper.PaymentToken, n)
	for i, t := range stored {
		t.GatewayName = "Updated"
		parts[i%n] = append(parts[i%n], t)
	}
	var mu sync.Mutex
	var run sharedStoreRun
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		transport := &http.Transport{}
		defer transport.CloseIdleConnections()
		c := newClient(sb, &http.Client{Transport: noRetryAfter{transport}})
		wg.Go(func() {
			_, err := c.UpdateMany(context.Background(), parts[i])
			var batchErr *wrapper.BatchError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.As(err, &batchErr):
				run.failed += len(batchErr.Failed)
			case err != nil:
				b.Errorf("client %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	run.elapsed = time.Since(start)
	stats := sb.Stats()
	run.requests, run.limited = stats.Requests, stats.Throttled
	updated := 0
	for _, t := range sb.Tokens() {
		if t.GatewayName == "Updated" {
			updated++
		}
	}
	if updated+run.failed != total {
		b.Fatalf("%d tokens updated and %d failed, of %d", updated, run.failed, total)
	}
	return run
}

// report records a run as its time ÷ the ideal (the bucket's burst, then
// its leak rate), its 429s and the share of requests they are, and the
// tokens not updated.
func (run sharedStoreRun) report(b *testing.B) {
	ideal := float64(sharedRequests-sharedBurst) / sharedRate
	b.ReportMetric(run.elapsed.Seconds()/ideal, "x-ideal")
	b.ReportMetric(float64(run.limited), "429s")
	b.ReportMetric(100*float64(run.limited)/float64(run.requests), "429-%")
	b.ReportMetric(float64(run.failed), "failed-tokens")
}

// BenchmarkUncoordinatedClients runs 1, 2, 4 and 8 clients, each pacing
// itself at the store's documented rate and burst and knowing nothing of
// the others, on one store.
func BenchmarkUncoordinatedClients(b *testing.B) {
	for _, n := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			for b.Loop() {
				runSharedStore(b, n, func(sb *sandbox.Server, hc *http.Client) *wrapper.Client {
					c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()), wrapper.WithHTTPClient(hc),
						wrapper.WithRateLimit(sharedRate, sharedBurst), wrapper.WithBatchSize(sharedBatch))
					if err != nil {
						b.Fatal(err)
					}
					return c
				}).report(b)
			}
		})
	}
}

// BenchmarkClientsSharingRedis runs 1, 2, 4 and 8 clients on one store,
// each through its own connection to one Redis (a process of its own, as
// far as Redis can tell) sharing the store's budget (rediscoord.Limiter).
func BenchmarkClientsSharingRedis(b *testing.B) {
	srv := redistest.Start(b)
	for _, n := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			for b.Loop() {
				runSharedStore(b, n, func(sb *sandbox.Server, hc *http.Client) *wrapper.Client {
					rdb := redis.NewClient(&redis.Options{Addr: srv.Addr()})
					b.Cleanup(func() { _ = rdb.Close() })
					limiter, err := rediscoord.NewLimiter(context.Background(), rdb, sharedRate, sharedBurst)
					if err != nil {
						b.Fatal(err)
					}
					c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()), wrapper.WithHTTPClient(hc),
						wrapper.WithLimiter(limiter), wrapper.WithBatchSize(sharedBatch))
					if err != nil {
						b.Fatal(err)
					}
					return c
				}).report(b)
			}
		})
	}
}

// BenchmarkThousandStoresThroughRedis: 1000 stores, each with its own client,
// all through one Redis connection pool, 5 requests each at once; reports
// Redis round trips per request (one EVALSHA each) and the keys left.
func BenchmarkThousandStoresThroughRedis(b *testing.B) {
	const stores, each = 1000, 5
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(b).Addr(), PoolSize: 64})
	defer rdb.Close()
	var trips roundTrips
	rdb.AddHook(&trips)
	// Any store's count: the stores differ by their SecureURL, which the sandbox checks.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"TotalCount": 0}`))
	}))
	defer srv.Close()
	limiter, err := rediscoord.NewLimiter(context.Background(), rdb, wrapper.DefaultRatePerSec, wrapper.DefaultRateBurst)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		trips.n.Store(0)
		var wg sync.WaitGroup
		for i := range stores {
			creds := wrapper.Credentials{SecureURL: fmt.Sprintf("https://store%d.example", i), PrivateKey: "private-key", Token: "token"}
			c, err := wrapper.New(creds, wrapper.WithBaseURL(srv.URL+"/3dCartWebAPI/v2"), wrapper.WithLimiter(limiter))
			if err != nil {
				b.Fatal(err)
			}
			wg.Go(func() {
				for range each {
					if _, err := c.Count(context.Background()); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(trips.n.Load())/float64(stores*each), "redis-round-trips/request")
		b.ReportMetric(float64(rdb.DBSize(context.Background()).Val()), "keys")
	}
}

// roundTrips counts the commands a Redis client sends, each a round trip
// (this client sends no pipelines).
type roundTrips struct{ n atomic.Int64 }

func (*roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }

func (r *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		r.n.Add(1)
		return next(ctx, cmd)
	}
}

func (*roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
