package bench

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// The API's limit scaled up 25× so that a 200-request job takes seconds:
// a bucket of 5 leaking 50 per second, and 20 ms of server latency.
const (
	scaledBurst   = 5
	scaledRate    = 50.0
	serverLatency = 20 * time.Millisecond
	bulkPages     = 200
	bulkTokens    = bulkPages*PageSize - 1 // the last page is short, so All stops there
	bulkWorkers   = 4
)

// idealSeconds is the least time the leaky bucket allows for requests.
func idealSeconds(requests int) float64 {
	return float64(requests-scaledBurst) / scaledRate
}

// BenchmarkBulkAtRateLimit exports 200 pages and imports 200 batches
// through the sandbox's leaky bucket, and reports each phase's wall time as
// a ratio to the ideal and the count of 429s. It fails when a token is
// exported twice or not at all, or an import is not read back intact.
func BenchmarkBulkAtRateLimit(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		sb := newSandbox(b, sandbox.WithRateLimit(scaledRate, scaledBurst), sandbox.WithFaults(func(*http.Request) *sandbox.Fault {
			return &sandbox.Fault{Delay: serverLatency}
		}))
		seed := make([]wrapper.PaymentToken, bulkTokens)
		for i := range seed {
			t := MakeToken(i + 1)
			seed[i] = wrapper.PaymentToken{CustomerID: t.CustomerID, PaymentProfileID: t.PaymentProfileID, GatewayName: t.GatewayName}
		}
		sb.Seed(seed...)
		transport := &http.Transport{MaxIdleConnsPerHost: bulkWorkers}
		c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()),
			wrapper.WithHTTPClient(&http.Client{Transport: transport}),
			wrapper.WithRateLimit(scaledRate, scaledBurst), wrapper.WithConcurrency(bulkWorkers), wrapper.WithBatchSize(PageSize))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.StartTimer()

		start, before := time.Now(), sb.Stats()
		seen := make(map[int32]bool, bulkTokens)
		var exported []wrapper.PaymentToken
		for t, err := range c.All(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			if seen[t.PaymentTokenID] {
				b.Fatalf("token %d exported twice", t.PaymentTokenID)
			}
			seen[t.PaymentTokenID] = true
			exported = append(exported, t)
		}
		exportTime, afterExport := time.Since(start), sb.Stats()
		if len(exported) != bulkTokens {
			b.Fatalf("exported %d of %d tokens", len(exported), bulkTokens)
		}

		for i := range exported {
			exported[i].GatewayName = "Imported"
			exported[i].OrderID = int32(i + 1)
		}
		start = time.Now()
		results, err := c.UpdateMany(ctx, exported)
		importTime, afterImport := time.Since(start), sb.Stats()
		if err != nil || len(results) != bulkTokens {
			b.Fatal(err, len(results))
		}

		b.StopTimer()
		for i, t := range sb.Tokens() {
			if t.GatewayName != "Imported" || t.OrderID != int32(i+1) || t.PaymentProfileID != seed[i].PaymentProfileID {
				b.Fatalf("token %d not read back intact", t.PaymentTokenID)
			}
		}
		// The ideal counts the requests the job needs: 200 pages, 200 batches.
		b.ReportMetric(exportTime.Seconds()/idealSeconds(bulkPages), "export-x-ideal")
		b.ReportMetric(importTime.Seconds()/idealSeconds(bulkPages), "import-x-ideal")
		b.ReportMetric(float64(afterImport.Throttled), "429s")
		b.ReportMetric(float64(afterExport.Requests-before.Requests), "export-requests")
		b.ReportMetric(float64(afterImport.Requests-afterExport.Requests), "import-requests")
		sb.Close()
		transport.CloseIdleConnections()
		b.StartTimer()
	}
}
