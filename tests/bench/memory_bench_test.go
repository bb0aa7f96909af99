package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
)

// generated serves a store of n tokens, encoding each page when asked, so
// that the server holds no store in memory and the heap is the client's.
func generated(tb testing.TB, n int) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("countonly") == "1" {
			_, _ = w.Write([]byte(`{"TotalCount": ` + strconv.Itoa(n) + `}`))
			return
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		offset = max(offset, 1)
		if offset > n {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write(EncodePage(offset, min(offset+PageSize, n+1)))
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// peakLiveHeap walks every token of a store of n and returns the largest
// live heap seen at a page boundary (after a forced GC, so garbage the
// collector has not reached yet is not counted).
func peakLiveHeap(tb testing.TB, n int) uint64 {
	tb.Helper()
	w, _, _ := clients(tb, generated(tb, n).URL)
	var peak uint64
	var stats runtime.MemStats
	sample := func() {
		runtime.GC()
		runtime.ReadMemStats(&stats)
		peak = max(peak, stats.HeapAlloc)
	}
	runtime.GC() // one more before the base: a GC only moves sync.Pool caches (left by earlier tests) to their victims
	sample()
	base := peak
	count := 0
	for _, err := range w.All(context.Background()) {
		if err != nil {
			tb.Fatal(err)
		}
		if count%PageSize == PageSize/2 {
			sample()
		}
		count++
	}
	if count != n {
		tb.Fatalf("walked %d of %d tokens", count, n)
	}
	return peak - min(base, peak)
}

// idBytes is what All keeps per token to prove its listing complete: the
// id it yielded, in a sorted slice of int32.
const idBytes = 4

// beyondIDs is the part of a walk's peak live heap that is not its ids.
func beyondIDs(peak float64, n int) float64 { return peak - float64(idBytes*n) }

// BenchmarkAllPeakHeap reports the peak live heap of a walk of 10 000 and of
// 100 000 tokens, and the ratio of what is left once the 4 bytes per token
// of the ids are taken off: All keeps a page or two live, whatever the
// store's size, and the ids it yielded.
func BenchmarkAllPeakHeap(b *testing.B) {
	peaks := map[int]float64{}
	for _, n := range []int{10_000, 100_000} {
		b.Run("tokens="+strconv.Itoa(n), func(b *testing.B) {
			var sum float64
			for b.Loop() {
				sum += float64(peakLiveHeap(b, n))
			}
			peaks[n] = sum / float64(b.N)
			b.ReportMetric(peaks[n], "peak-live-B")
			b.ReportMetric(0, "ns/op")
		})
	}
	if peaks[10_000] > 0 {
		ratio := beyondIDs(peaks[100_000], 100_000) / beyondIDs(peaks[10_000], 10_000)
		b.Logf("peak live heap: 10k tokens %.0f B, 100k tokens %.0f B; less %d B per token of ids, ratio %.3f (target <= 1.2)",
			peaks[10_000], peaks[100_000], idBytes, ratio)
	}
}

// TestAllMemoryDoesNotGrowWithTheStore fails when the live heap of a walk
// grows with the store beyond the 4 bytes per token of its ids: once they
// are taken off, 100 000 tokens may hold at most 1.2× what 10 000 do.
func TestAllMemoryDoesNotGrowWithTheStore(t *testing.T) {
	small, large := peakLiveHeap(t, 10_000), peakLiveHeap(t, 100_000)
	t.Logf("peak live heap: %d B for 10 000 tokens, %d B for 100 000 (ids: %d B per token)", small, large, idBytes)
	if beyondIDs(float64(large), 100_000) > 1.2*beyondIDs(float64(small), 10_000) {
		t.Fatalf("the walk's live heap grows with the store beyond its ids: %d B for 100 000 tokens vs %d B for 10 000", large, small)
	}
}
