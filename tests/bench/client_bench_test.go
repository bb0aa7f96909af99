package bench

import (
	"context"
	"net/http"
	"testing"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// clients returns the wrapper (pacing off, one request per bulk of 500: the
// client's own cost is measured, not the API's limit), the baseline and the
// generated ClientWithResponses, all on one transport to srvURL.
func clients(tb testing.TB, srvURL string) (*wrapper.Client, *baseline, *gen.ClientWithResponses) {
	tb.Helper()
	transport := &http.Transport{MaxIdleConnsPerHost: 4}
	tb.Cleanup(transport.CloseIdleConnections)
	hc := &http.Client{Transport: transport}
	creds := wrapper.Credentials{SecureURL: "https://store.example", PrivateKey: "private-key", Token: "token"}
	w, err := wrapper.New(creds, wrapper.WithBaseURL(srvURL+BasePath), wrapper.WithHTTPClient(hc),
		wrapper.WithRateLimit(0, 0), wrapper.WithBatchSize(PageSize))
	if err != nil {
		tb.Fatal(err)
	}
	auth := func(_ context.Context, r *http.Request) error {
		r.Header.Set("SecureURL", creds.SecureURL)
		r.Header.Set("PrivateKey", creds.PrivateKey)
		r.Header.Set("Token", creds.Token)
		return nil
	}
	g, err := gen.NewClientWithResponses(srvURL+BasePath, gen.WithHTTPClient(hc), gen.WithRequestEditorFn(auth))
	if err != nil {
		tb.Fatal(err)
	}
	return w, &baseline{base: srvURL + BasePath, hc: hc, secureURL: creds.SecureURL, privateKey: creds.PrivateKey, token: creds.Token}, g
}

func BenchmarkGet(b *testing.B) {
	w, base, g := clients(b, PreEncoded(b).URL)
	ctx := context.Background()
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if _, found, err := w.Get(ctx, 1); err != nil || !found {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if _, err := base.get(ctx, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=generated", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if r, err := g.GetPaymentTokenWithResponse(ctx, 1); err != nil || r.JSON200 == nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkList500(b *testing.B) {
	w, base, g := clients(b, PreEncoded(b).URL)
	ctx := context.Background()
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if page, err := w.List(ctx, wrapper.ListParams{Limit: PageSize, Offset: 1}); err != nil || len(page) != PageSize {
				b.Fatal(err, len(page))
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if page, err := base.list(ctx, PageSize, 1); err != nil || len(page) != PageSize {
				b.Fatal(err, len(page))
			}
		}
	})
	b.Run("impl=generated", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		params := &gen.ListPaymentTokensParams{Limit: ptr[int32](PageSize), Offset: ptr[int32](1)}
		for b.Loop() {
			r, err := g.ListPaymentTokensWithResponse(ctx, params)
			if err != nil {
				b.Fatal(err)
			}
			if page, err := r.JSON200.AsPaymentTokenList(); err != nil || len(page) != PageSize {
				b.Fatal(err, len(page))
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }

func BenchmarkCreate(b *testing.B) {
	w, base, _ := clients(b, PreEncoded(b).URL)
	ctx := context.Background()
	t := MakeToken(1)
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		tk := wrapper.PaymentToken{CustomerID: t.CustomerID, OrderID: t.OrderID, CustomerProfileID: t.CustomerProfileID, PaymentProfileID: t.PaymentProfileID, CardLast4: t.CardLast4, CardExpMonth: t.CardExpMonth, CardExpYear: t.CardExpYear, GatewayName: t.GatewayName, GatewayID: t.GatewayID}
		for b.Loop() {
			if _, err := w.Create(ctx, tk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		tk := baseToken{CustomerID: t.CustomerID, OrderID: t.OrderID, CustomerProfileID: t.CustomerProfileID, PaymentProfileID: t.PaymentProfileID, CardLast4: t.CardLast4, CardExpMonth: t.CardExpMonth, CardExpYear: t.CardExpYear, GatewayName: t.GatewayName, GatewayID: t.GatewayID}
		for b.Loop() {
			if _, err := base.create(ctx, tk); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUpdateMany500(b *testing.B) {
	w, base, _ := clients(b, PreEncoded(b).URL)
	ctx := context.Background()
	wTokens := make([]wrapper.PaymentToken, PageSize)
	bTokens := make([]baseToken, PageSize)
	for i := range PageSize {
		t := MakeToken(i + 1)
		wTokens[i] = wrapper.PaymentToken{PaymentTokenID: t.PaymentTokenID, CustomerID: t.CustomerID, PaymentProfileID: t.PaymentProfileID, GatewayName: t.GatewayName}
		bTokens[i] = baseToken{PaymentTokenID: t.PaymentTokenID, CustomerID: t.CustomerID, PaymentProfileID: t.PaymentProfileID, GatewayName: t.GatewayName}
	}
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if res, err := w.UpdateMany(ctx, wTokens); err != nil || len(res) != PageSize {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			if res, err := base.updateMany(ctx, bTokens); err != nil || len(res) != PageSize {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAll10k walks the 10 000 tokens of the pre-encoded store.
func BenchmarkAll10k(b *testing.B) {
	w, base, _ := clients(b, PreEncoded(b).URL)
	ctx := context.Background()
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			n := 0
			for _, err := range w.All(ctx) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != StoreSize {
				b.Fatal(n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*StoreSize), "ns/token")
	})
	b.Run("impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		defer ReportCPU(b)()
		for b.Loop() {
			n := 0
			if err := base.all(ctx, func(baseToken) { n++ }); err != nil || n != StoreSize {
				b.Fatal(err, n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*StoreSize), "ns/token")
	})
}
