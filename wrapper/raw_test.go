package wrapper_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestRawSendsTheRequestWithTheAuthHeadersAndReturnsAnyStatus(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(2))
	var got struct {
		query, contentType, privateKey, body string
	}
	attempts := 0
	mux.HandleFunc("POST "+contract.BasePath+"/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		attempts++
		b, _ := io.ReadAll(r.Body)
		got.query, got.contentType, got.privateKey, got.body = r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("PrivateKey"), string(b)
		if attempts == 1 {
			respond(http.StatusTooManyRequests, "")(w, r) // a POST is sent again only after what the API certainly did not do
			return
		}
		w.Header().Set("X-Seen", "1")
		respond(http.StatusBadRequest, `[{"Key":"Error","Status":"400","Message":"not an array, `+testCreds.Token+`"}]`)(w, r)
	})
	a, err := c.Raw(t.Context(), http.MethodPost, "/PaymentTokens", url.Values{"x": {"1"}}, []byte(`[{"a":1}]`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, a.Status, "a 4xx is an answer, not an error")
	assert.Equal(t, 2, a.Attempts)
	assert.Equal(t, "1", a.Header.Get("X-Seen"))
	assert.Equal(t, []string{"not an array, [redacted]"}, a.Messages, "the messages are masked")
	assert.Contains(t, string(a.Body), testCreds.Token, "the body is as sent")
	assert.Equal(t, "x=1", got.query)
	assert.Equal(t, "application/json", got.contentType)
	assert.Equal(t, testCreds.PrivateKey, got.privateKey)
	assert.Equal(t, `[{"a":1}]`, got.body, "the body is sent again whole on a retry")

	mux.HandleFunc("GET "+contract.BasePath+"/PaymentTokens/7", respond(http.StatusOK, `[{"PaymentTokenID":7}]`))
	a, err = c.Raw(t.Context(), http.MethodGet, "PaymentTokens/7", nil, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, a.Status)
	assert.Nil(t, a.Messages, "a success has no messages")
	assert.JSONEq(t, `[{"PaymentTokenID":7}]`, string(a.Body))
}
