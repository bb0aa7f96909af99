package bench

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// The gateway-timeout benchmark: every 50th create (2 %) is answered 504 by
// the sandbox's "gateway" and applied 300 ms later; the import's settle
// window is 1 s (the 2 min default, scaled to a test).
const (
	timeoutEvery = 50
	applyLate    = 300 * time.Millisecond
	benchSettle  = time.Second
)

// BenchmarkImportWithGatewayTimeouts imports 500 new tokens into a store of
// 2000 through the scaled leaky bucket while 2 % of the creates time out at
// the gateway and land late. It reports the wall time as a ratio to the
// ideal (the requests sent, at the bucket's rate) plus one settle window,
// and fails unless the store ends with every key exactly once.
func BenchmarkImportWithGatewayTimeouts(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		sb := newSandbox(b, sandbox.WithRateLimit(scaledRate, scaledBurst),
			sandbox.WithBehaviour(sandbox.Behaviour{GatewayTimeoutEvery: timeoutEvery, ApplyLate: applyLate}),
			sandbox.WithFaults(func(*http.Request) *sandbox.Fault { return &sandbox.Fault{Delay: serverLatency} }))
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
			Concurrency: importWorkers, Settle: benchSettle,
			Journal: filepath.Join(dir, "journal"), IDMap: filepath.Join(dir, "ids.csv"),
		})
		elapsed := time.Since(start)

		b.StopTimer()
		after := sb.Stats()
		if err != nil || res.Created != importNew {
			b.Fatal(err, res)
		}
		requireKeysOnce(b, sb, importHeld+importNew)
		sent := int(after.Requests - before.Requests)
		b.ReportMetric(elapsed.Seconds()/(idealSeconds(sent)+benchSettle.Seconds()), "x-ideal+settle")
		b.ReportMetric(float64(res.Reconciled), "settled")
		b.ReportMetric(float64(sent), "requests")
		b.ReportMetric(float64(after.Throttled), "429s")
		b.ReportMetric(0, "ns/op")
		sb.Close()
		transport.CloseIdleConnections()
		b.StartTimer()
	}
}
