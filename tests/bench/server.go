package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// The pre-encoded store: StoreSize tokens in pages of PageSize under BasePath.
const (
	PageSize  = 500
	BasePath  = "/3dCartWebAPI/v2"
	StoreSize = 10_000
)

// WireToken is a token as the API emits it, LastUpdate included.
type WireToken struct {
	PaymentTokenID         int32
	CustomerID             int32
	OrderID                int32
	CustomerProfileID      string
	PaymentProfileID       string
	CardLast4              int32
	CardExpMonth           int32
	CardExpYear            int32
	BillingPaymentMethodID int32
	LastUpdate             string
	GatewayName            string
	GatewayID              int32
}

// MakeToken returns the token with this id, every field set.
func MakeToken(id int) WireToken {
	return WireToken{
		PaymentTokenID:         int32(id),
		CustomerID:             int32(100000 + id),
		OrderID:                int32(500000 + id),
		CustomerProfileID:      fmt.Sprintf("cus_%012d", id),
		PaymentProfileID:       fmt.Sprintf("pm_1Nx%016d", id),
		CardLast4:              int32(id % 10000),
		CardExpMonth:           int32(id%12 + 1),
		CardExpYear:            int32(2027 + id%5),
		BillingPaymentMethodID: 3,
		LastUpdate:             fmt.Sprintf("%02d/%02d/2025 %02d:%02d", id%12+1, id%28+1, id%24, id%60),
		GatewayName:            "Authorize.Net CIM",
		GatewayID:              12,
	}
}

// EncodePage encodes the tokens with ids from..to-1.
func EncodePage(from, to int) []byte {
	tokens := make([]WireToken, 0, to-from)
	for id := from; id < to; id++ {
		tokens = append(tokens, MakeToken(id))
	}
	b, err := json.Marshal(tokens)
	if err != nil {
		panic(err)
	}
	return b
}

// envelope encodes n write-envelope items.
func envelope(n, status int, message string) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Key":"PaymentTokenID","Value":"%d","Status":"%d","Message":%q}`, i+1, status, message)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// PreEncoded serves fixed answers so that the server's cost is not measured:
// a store of StoreSize tokens in pages of 500 and its count, one token by id, and the
// envelopes of a create and of a bulk update of 500.
func PreEncoded(tb testing.TB) *httptest.Server {
	tb.Helper()
	pages := make([][]byte, StoreSize/PageSize)
	for i := range pages {
		pages[i] = EncodePage(i*PageSize+1, (i+1)*PageSize+1)
	}
	one := EncodePage(1, 2)
	created := envelope(1, 201, "Created successfully")
	updated := envelope(PageSize, 200, "updated successfully")
	mux := http.NewServeMux()
	write := func(w http.ResponseWriter, status int, body []byte) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	count := []byte(fmt.Sprintf(`{"TotalCount": %d}`, StoreSize))
	mux.HandleFunc("GET "+BasePath+"/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("countonly") == "1" {
			write(w, http.StatusOK, count)
			return
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		i := (max(offset, 1) - 1) / PageSize
		if i >= len(pages) {
			write(w, http.StatusBadRequest, []byte(`[{"Key":"Error","Status":"400","Message":"Offset amount exceeds the total number of records"}]`))
			return
		}
		write(w, http.StatusOK, pages[i])
	})
	mux.HandleFunc("GET "+BasePath+"/PaymentTokens/{id}", func(w http.ResponseWriter, _ *http.Request) { write(w, http.StatusOK, one) })
	mux.HandleFunc("POST "+BasePath+"/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		write(w, http.StatusCreated, created)
	})
	mux.HandleFunc("PUT "+BasePath+"/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		write(w, http.StatusOK, updated)
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}
