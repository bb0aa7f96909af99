package bench

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// The import benchmark: importNew tokens that the target lacks into a
// target already holding importHeld others.
const (
	importNew     = 500
	importHeld    = 2000
	importWorkers = 4
)

// benchToken is a token with a key of its own, as a store holds it.
func benchToken(i int) wrapper.PaymentToken {
	t := MakeToken(i)
	return wrapper.PaymentToken{
		CustomerID: t.CustomerID, OrderID: t.OrderID, CustomerProfileID: t.CustomerProfileID,
		PaymentProfileID: t.PaymentProfileID, CardLast4: t.CardLast4, CardExpMonth: t.CardExpMonth,
		CardExpYear: t.CardExpYear, BillingPaymentMethodID: t.BillingPaymentMethodID,
		GatewayName: t.GatewayName, GatewayID: t.GatewayID,
	}
}

// listingRequests is what All sends to list a store of n tokens (n a
// multiple of PageSize): a count, the pages, one page past the end, and a
// count.
func listingRequests(n int) int { return 1 + n/PageSize + 1 + 1 }

// requireKeysOnce fails unless the store holds want tokens, each with a
// key (PaymentProfileID) of its own.
func requireKeysOnce(b *testing.B, sb *sandbox.Server, want int) {
	b.Helper()
	keys := map[string]bool{}
	tokens := sb.Tokens()
	for _, t := range tokens {
		keys[t.PaymentProfileID] = true
	}
	if len(tokens) != want || len(keys) != want {
		b.Fatalf("the store holds %d tokens with %d distinct keys, want %d of each", len(tokens), len(keys), want)
	}
}

// writeTokenFile writes tokens from to from+n-1 (with source ids) to a JSONL file.
func writeTokenFile(tb testing.TB, dir string, from, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "tokens.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w, err := tokenfile.NewWriter(f, tokenfile.JSONL)
	if err != nil {
		tb.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		t := benchToken(i)
		t.PaymentTokenID = int32(i)
		if err := w.Write(t); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkImportAtRateLimit imports 500 new tokens into a store of 2000
// through the sandbox's leaky bucket (burst 5, 50/s, 20 ms latency), with a
// journal and an id map, creates 4 at a time, and reports the wall time as
// a ratio to the ideal (requests − burst) / rate, where requests are the
// listing's (see listingRequests) and one create per new token, and the
// count of 429s. It
// fails when the store does not end with every token exactly once or when
// the import sends other requests than those (and the 429s, each sent again).
func BenchmarkImportAtRateLimit(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		sb := newSandbox(b, sandbox.WithRateLimit(scaledRate, scaledBurst), sandbox.WithFaults(func(*http.Request) *sandbox.Fault {
			return &sandbox.Fault{Delay: serverLatency}
		}))
		for i := 1; i <= importHeld; i++ {
			sb.Seed(benchToken(i))
		}
		dir := b.TempDir()
		path := writeTokenFile(b, dir, importHeld+1, importNew)
		transport := &http.Transport{MaxIdleConnsPerHost: importWorkers}
		c, err := sb.Client(wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithRateLimit(scaledRate, scaledBurst))
		if err != nil {
			b.Fatal(err)
		}
		before := sb.Stats()
		b.StartTimer()

		start := time.Now()
		res, err := migrate.Import(context.Background(), c, migrate.Source{Path: path}, migrate.ImportOptions{
			Concurrency: importWorkers, Journal: filepath.Join(dir, "journal"), IDMap: filepath.Join(dir, "ids.csv"),
		})
		elapsed := time.Since(start)

		b.StopTimer()
		after := sb.Stats()
		if err != nil || res.Created != importNew {
			b.Fatal(err, res)
		}
		if got := len(sb.Tokens()); got != importHeld+importNew {
			b.Fatalf("the store holds %d tokens, want %d", got, importHeld+importNew)
		}
		requests := listingRequests(importHeld) + importNew
		if sent := after.Requests - before.Requests - after.Throttled; sent != int64(requests) {
			b.Fatalf("the import sent %d requests besides %d answered 429, want %d", sent, after.Throttled, requests)
		}
		b.ReportMetric(elapsed.Seconds()/idealSeconds(requests), "x-ideal")
		b.ReportMetric(float64(after.Throttled), "429s")
		b.ReportMetric(float64(requests), "requests")
		b.ReportMetric(0, "ns/op")
		sb.Close()
		transport.CloseIdleConnections()
		b.StartTimer()
	}
}

// importPeakHeap plans (a dry run) the import of n tokens into an empty
// store and returns the peak live heap above the start, sampled after a
// forced GC every few milliseconds while it runs.
func importPeakHeap(tb testing.TB, n int) uint64 {
	tb.Helper()
	sb := newSandbox(tb)
	defer sb.Close()
	path := writeTokenFile(tb, tb.TempDir(), 1, n)
	c, err := sb.Client()
	if err != nil {
		tb.Fatal(err)
	}
	var stats runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&stats)
	base, peak := stats.HeapAlloc, stats.HeapAlloc
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				var s runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&s)
				peak = max(peak, s.HeapAlloc)
			}
		}
	})
	res, err := migrate.Import(context.Background(), c, migrate.Source{Path: path}, migrate.ImportOptions{DryRun: true})
	close(done)
	wg.Wait()
	if err != nil || res.Created != n {
		tb.Fatal(err, res)
	}
	return peak - min(base, peak)
}

// BenchmarkImportPeakHeap reports the peak live heap per file token of an
// import of 10 000 and of 100 000 tokens. The file is streamed twice and
// never held: what grows is one small record per key (a 16-byte digest and
// the line) and per source id, for the duplicate checks and the prune.
func BenchmarkImportPeakHeap(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("tokens="+strconv.Itoa(n), func(b *testing.B) {
			var sum float64
			for b.Loop() {
				sum += float64(importPeakHeap(b, n))
			}
			b.ReportMetric(sum/float64(b.N), "peak-live-B")
			b.ReportMetric(sum/float64(b.N)/float64(n), "peak-live-B/token")
			b.ReportMetric(0, "ns/op")
		})
	}
}
