package ogen

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/tests/bench"
	"github.com/shift4shop-go/paymenttokens/tests/bench/ogen/oas"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// credentials answer ogen's security source with fixed values.
type credentials struct{}

func (credentials) PrivateKey(context.Context, oas.OperationName) (oas.PrivateKey, error) {
	return oas.PrivateKey{APIKey: "private-key"}, nil
}

func (credentials) SecureURL(context.Context, oas.OperationName) (oas.SecureURL, error) {
	return oas.SecureURL{APIKey: "https://store.example"}, nil
}

func (credentials) Token(context.Context, oas.OperationName) (oas.Token, error) {
	return oas.Token{APIKey: "token"}, nil
}

// peers returns the wrapper (pacing off) and the ogen client, on one
// transport to the pre-encoded store.
func peers(tb testing.TB) (*wrapper.Client, *oas.Client) {
	tb.Helper()
	srv := bench.PreEncoded(tb)
	transport := &http.Transport{MaxIdleConnsPerHost: 4}
	tb.Cleanup(transport.CloseIdleConnections)
	hc := &http.Client{Transport: transport}
	w, err := wrapper.New(wrapper.Credentials{SecureURL: "https://store.example", PrivateKey: "private-key", Token: "token"},
		wrapper.WithBaseURL(srv.URL+bench.BasePath), wrapper.WithHTTPClient(hc), wrapper.WithRateLimit(0, 0))
	require.NoError(tb, err)
	o, err := oas.NewClient(srv.URL+bench.BasePath, credentials{}, oas.WithClient(hc))
	require.NoError(tb, err)
	return w, o
}

// ogenList fetches one page with the ogen client.
func ogenList(ctx context.Context, o *oas.Client, limit, offset int32) (oas.PaymentTokenList, error) {
	res, err := o.ListPaymentTokens(ctx, oas.ListPaymentTokensParams{Limit: oas.NewOptInt32(limit), Offset: oas.NewOptInt32(offset)})
	if err != nil {
		return nil, err
	}
	list, ok := res.(*oas.ListResult)
	if !ok {
		return nil, fmt.Errorf("unexpected answer %T", res)
	}
	page, _ := list.GetPaymentTokenList()
	return page, nil
}

// BenchmarkList500 fetches and decodes one page of 500 tokens with the
// wrapper and with the ogen client, alternately in one process, against
// the same pre-encoded answer (target: wrapper ≤ 1.10× ogen).
func BenchmarkList500(b *testing.B) {
	w, o := peers(b)
	ctx := context.Background()
	b.Run("impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		defer bench.ReportCPU(b)()
		for b.Loop() {
			page, err := w.List(ctx, wrapper.ListParams{Limit: bench.PageSize, Offset: 1})
			if err != nil || len(page) != bench.PageSize {
				b.Fatal(err, len(page))
			}
		}
	})
	b.Run("impl=ogen", func(b *testing.B) {
		b.ReportAllocs()
		defer bench.ReportCPU(b)()
		for b.Loop() {
			page, err := ogenList(ctx, o, bench.PageSize, 1)
			if err != nil || len(page) != bench.PageSize {
				b.Fatal(err, len(page))
			}
		}
	})
}

// TestPeersReadTheSamePage checks that both clients read the whole page
// with the same values, so that the benchmark compares like with like.
func TestPeersReadTheSamePage(t *testing.T) {
	w, o := peers(t)
	ours, err := w.List(t.Context(), wrapper.ListParams{Limit: bench.PageSize, Offset: 1})
	require.NoError(t, err)
	theirs, err := ogenList(t.Context(), o, bench.PageSize, 1)
	require.NoError(t, err)
	require.Len(t, ours, bench.PageSize)
	require.Len(t, theirs, bench.PageSize)
	for i := range ours {
		require.Equal(t, theirs[i].PaymentTokenID.Value, ours[i].PaymentTokenID)
		require.Equal(t, theirs[i].PaymentProfileID.Value, ours[i].PaymentProfileID)
		require.Equal(t, theirs[i].LastUpdate.Value, ours[i].LastUpdate.Format("01/02/2006 15:04"))
	}
}
