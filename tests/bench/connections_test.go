package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// storeFleet is what a run of many stores against one host measured.
type storeFleet struct {
	requests, newConns, peakInFlight int64
}

// connsPerInFlight is the connections opened per request in flight at the peak.
func (f storeFleet) connsPerInFlight() float64 { return float64(f.newConns) / float64(f.peakInFlight) }

// countingServer mounts handler on a loopback server that counts the
// requests it answers and the connections it accepts.
func countingServer(tb testing.TB, handler http.Handler) (*httptest.Server, *storeFleet) {
	tb.Helper()
	fleet := &storeFleet{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt64(&fleet.requests, 1)
		handler.ServeHTTP(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			atomic.AddInt64(&fleet.newConns, 1)
		}
	}
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv, fleet
}

// inFlight counts the requests the clients have sent and not yet had
// answered, and the most at once.
type inFlight struct{ now, peak atomic.Int64 }

func (f *inFlight) start() {
	now := f.now.Add(1)
	for peak := f.peak.Load(); now > peak && !f.peak.CompareAndSwap(peak, now); peak = f.peak.Load() {
	}
}

func (f *inFlight) done() { f.now.Add(-1) }

// lockstep holds every request on the server, once armed, until all n of
// a round have arrived, so that a round has exactly n requests in flight.
type lockstep struct {
	armed   atomic.Bool
	n       int
	mu      sync.Mutex
	arrived int
	release chan struct{}
}

func newLockstep(n int) *lockstep { return &lockstep{n: n, release: make(chan struct{})} }

// wrap holds each request until the round is complete (or a minute passed).
func (l *lockstep) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.armed.Load() {
			next.ServeHTTP(w, r)
			return
		}
		l.mu.Lock()
		round := l.release
		if l.arrived++; l.arrived == l.n {
			close(round)
			l.arrived, l.release = 0, make(chan struct{})
		}
		l.mu.Unlock()
		select {
		case <-round:
		case <-time.After(time.Minute):
		}
		next.ServeHTTP(w, r)
	})
}

// runStores makes one client per store, each created as an application
// would (default transport, default pacing), and has every store list a
// page perStore times, all stores at once. In lockstep, every store sends
// its next request only once the whole round was answered, and the server
// answers a round only once all of it arrived: a request then needs a new
// connection only when none came back to the pool, which makes the count
// of connections independent of the machine's speed.
func runStores(tb testing.TB, stores, perStore int, inLockstep bool) storeFleet {
	tb.Helper()
	// Registered first, so run last: once the servers are closed, the shared
	// transport's idle connections see EOF and go, and with them their
	// buffers, which would otherwise count in the heap of the next test.
	goroutines := runtime.NumGoroutine()
	tb.Cleanup(func() {
		// Polled here rather than with assert.Eventually, whose own
		// goroutine would be counted.
		for deadline := time.Now().Add(20 * time.Second); runtime.NumGoroutine() > goroutines; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				tb.Errorf("%d goroutines outlive the servers (%d before the run)", runtime.NumGoroutine(), goroutines)
				return
			}
		}
	})
	sb := newSandbox(tb)
	tb.Cleanup(sb.Close)
	rounds := newLockstep(stores)
	handler := sb.Handler()
	if inLockstep {
		handler = rounds.wrap(handler)
	}
	srv, fleet := countingServer(tb, handler)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seed, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(srv.URL+contract.BasePath))
	require.NoError(tb, err)
	for i := range int32(5) {
		_, err := seed.Create(ctx, sandbox.SampleToken(i+1))
		require.NoError(tb, err)
	}
	clients := make([]*wrapper.Client, stores)
	for i := range clients {
		clients[i], err = wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(srv.URL+contract.BasePath))
		require.NoError(tb, err)
	}
	rounds.armed.Store(true)
	atomic.StoreInt64(&fleet.newConns, 0)
	atomic.StoreInt64(&fleet.requests, 0)
	var flight inFlight
	list := func(c *wrapper.Client) error {
		flight.start()
		defer flight.done()
		_, err := c.List(ctx, wrapper.ListParams{Limit: 50})
		return err
	}
	errs := make(chan error, stores*perStore)
	if inLockstep {
		for range perStore {
			goAll(clients, func(c *wrapper.Client) {
				if err := list(c); err != nil {
					errs <- err
				}
			})
		}
	} else {
		goAll(clients, func(c *wrapper.Client) {
			for range perStore {
				if err := list(c); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	close(errs)
	for err := range errs {
		require.NoError(tb, err)
	}
	return storeFleet{requests: atomic.LoadInt64(&fleet.requests), newConns: atomic.LoadInt64(&fleet.newConns), peakInFlight: flight.peak.Load()}
}

// goAll runs do for every client at once and waits for all of them.
func goAll(clients []*wrapper.Client, do func(*wrapper.Client)) {
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() { do(c) })
	}
	wg.Wait()
}

// TestManyStoresShareConnections: 1000 clients created without
// WithHTTPClient, 5 requests each in lockstep rounds of 1000 at once
// against one host, open at most 1.5 connections per request in flight at
// the peak: the first round's connections serve the later rounds
// (http.DefaultTransport, which keeps 2 idle connections per host, opens a
// new one for nearly every request: about 5 per request in flight). The
// free-running figure, which depends on the machine's speed, is
// BenchmarkManyStores's.
func TestManyStoresShareConnections(t *testing.T) {
	fleet := runStores(t, 1000, 5, true)
	t.Logf("%d requests, %d in flight at the peak, %d new connections (%.2f per request in flight)",
		fleet.requests, fleet.peakInFlight, fleet.newConns, fleet.connsPerInFlight())
	require.EqualValues(t, 5000, fleet.requests)
	require.LessOrEqual(t, fleet.connsPerInFlight(), 1.5, "the clients do not reuse connections")
}

// BenchmarkManyStores reports the connections that 1000 stores × 5 requests
// open (target: at most 1.5 per request in flight at the peak), the heap of
// an idle client, and the goroutines left once the requests are answered.
func BenchmarkManyStores(b *testing.B) {
	perClient := idleClientHeap(b, 10_000)
	for b.Loop() {
		before := runtime.NumGoroutine()
		fleet := runStores(b, 1000, 5, false)
		b.ReportMetric(float64(fleet.newConns), "conns")
		b.ReportMetric(float64(fleet.peakInFlight), "peak-in-flight")
		b.ReportMetric(fleet.connsPerInFlight(), "conns/in-flight")
		b.ReportMetric(float64(runtime.NumGoroutine()-before), "goroutines-after")
	}
	b.ReportMetric(perClient, "heap-B/idle-client")
	b.ReportMetric(0, "ns/op")
}

// idleClientHeap is the live heap that each of n clients holds once created.
func idleClientHeap(tb testing.TB, n int) float64 {
	tb.Helper()
	creds := wrapper.Credentials{SecureURL: "https://store.example", PrivateKey: "private-key", Token: "token"}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	clients := make([]*wrapper.Client, n)
	for i := range clients {
		c, err := wrapper.New(creds)
		require.NoError(tb, err)
		clients[i] = c
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(clients)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
}

// BenchmarkOneStoreConnections reports the connections one client opens
// when it walks a store with several pages in flight (WithConcurrency),
// ten walks of 20 pages each: on http.DefaultTransport, which keeps 2 idle
// connections per host, every request beyond 2 at once needed a new one.
func BenchmarkOneStoreConnections(b *testing.B) {
	for _, concurrency := range []int{4, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", concurrency), func(b *testing.B) {
			store := PreEncoded(b)
			srv, fleet := countingServer(b, store.Config.Handler)
			c, err := wrapper.New(wrapper.Credentials{SecureURL: "https://store.example", PrivateKey: "private-key", Token: "token"},
				wrapper.WithBaseURL(srv.URL+BasePath), wrapper.WithRateLimit(0, 0), wrapper.WithBatchSize(PageSize), wrapper.WithConcurrency(concurrency))
			require.NoError(b, err)
			for b.Loop() {
				for range 10 {
					for _, err := range c.All(b.Context()) {
						require.NoError(b, err)
					}
				}
			}
			b.ReportMetric(float64(atomic.LoadInt64(&fleet.requests))/float64(b.N), "requests")
			b.ReportMetric(float64(atomic.LoadInt64(&fleet.newConns))/float64(b.N), "conns")
			b.ReportMetric(0, "ns/op")
		})
	}
}
