package bench

import (
	"context"
	"net/http"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// bulkCreateNew is how many new tokens BenchmarkImportBulkCreate imports.
const bulkCreateNew = 1000

// bulkCreateRun is one import of the bulk-create benchmark, measured.
type bulkCreateRun struct {
	seconds   float64
	requests  int // besides those answered 429
	throttled int // answered 429, and sent again
	mallocs   uint64
}

// importCreates imports bulkCreateNew new tokens into a store of
// importHeld that takes arrays on POST, through the scaled leaky bucket,
// with a journal and an id map, sending perRequest creates per request (0:
// one token per POST); it fails unless the store ends with every key
// exactly once after exactly the listing's requests and the creates' (and
// the 429s, each sent again), and with arrays, the listing after them that
// pairs each created token with its id by key.
func importCreates(b *testing.B, perRequest int) bulkCreateRun {
	b.Helper()
	sb := newSandbox(b, sandbox.WithRateLimit(scaledRate, scaledBurst), sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}),
		sandbox.WithFaults(func(*http.Request) *sandbox.Fault { return &sandbox.Fault{Delay: serverLatency} }))
	defer sb.Close()
	for i := 1; i <= importHeld; i++ {
		sb.Seed(benchToken(i))
	}
	dir := b.TempDir()
	path := writeTokenFile(b, dir, importHeld+1, bulkCreateNew)
	transport := &http.Transport{MaxIdleConnsPerHost: importWorkers}
	defer transport.CloseIdleConnections()
	c, err := sb.Client(wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithRateLimit(scaledRate, scaledBurst))
	if err != nil {
		b.Fatal(err)
	}
	before := sb.Stats()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	mallocs := mem.Mallocs
	b.StartTimer()

	start := time.Now()
	res, err := migrate.Import(context.Background(), c, migrate.Source{Path: path}, migrate.ImportOptions{
		BulkCreate: perRequest, Concurrency: importWorkers, Journal: filepath.Join(dir, "journal"), IDMap: filepath.Join(dir, "ids.csv"),
	})
	elapsed := time.Since(start)

	b.StopTimer()
	runtime.ReadMemStats(&mem)
	after := sb.Stats()
	if err != nil || res.Created != bulkCreateNew {
		b.Fatal(err, res)
	}
	requireKeysOnce(b, sb, importHeld+bulkCreateNew)
	requests := listingRequests(importHeld) + bulkCreateNew
	if perRequest > 0 {
		requests = listingRequests(importHeld) + (bulkCreateNew+perRequest-1)/perRequest + listingRequests(importHeld+bulkCreateNew)
	}
	throttled := after.Throttled - before.Throttled
	if sent := after.Requests - before.Requests - throttled; sent != int64(requests) {
		b.Fatalf("the import sent %d requests besides %d answered 429, want %d", sent, throttled, requests)
	}
	return bulkCreateRun{seconds: elapsed.Seconds(), requests: requests, throttled: int(throttled), mallocs: mem.Mallocs - mallocs}
}

// BenchmarkImportBulkCreate imports 1000 new tokens into a store of 2000
// through the scaled leaky bucket (bucket 5, 50/s, 20 ms latency), 4
// requests in flight, with a journal and an id map, once with one create
// per request and once with BulkCreate 500 (arrays of 500 on a store that
// takes them), and reports each one's requests, wall time and allocations
// (of the whole process, the sandbox's included), and how many times
// faster the arrays were. ns/op and allocs/op cover both imports.
func BenchmarkImportBulkCreate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		single := importCreates(b, 0)
		bulk := importCreates(b, wrapper.MaxLimit)
		b.StartTimer()
		b.ReportMetric(float64(single.requests), "requests-single")
		b.ReportMetric(float64(bulk.requests), "requests-bulk")
		b.ReportMetric(single.seconds, "s-single")
		b.ReportMetric(bulk.seconds, "s-bulk")
		b.ReportMetric(single.seconds/bulk.seconds, "x-faster")
		b.ReportMetric(single.seconds/idealSeconds(single.requests), "single-x-ideal")
		b.ReportMetric(float64(single.throttled+bulk.throttled), "429s")
		b.ReportMetric(float64(single.mallocs), "allocs-single")
		b.ReportMetric(float64(bulk.mallocs), "allocs-bulk")
	}
}
