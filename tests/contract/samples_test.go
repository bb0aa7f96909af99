package contract_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// sampleRequests are a request for each operation, to validate samples against.
var sampleRequests = map[string]struct{ method, path string }{
	"createPaymentToken":  {http.MethodPost, "/PaymentTokens"},
	"listPaymentTokens":   {http.MethodGet, "/PaymentTokens"},
	"getPaymentToken":     {http.MethodGet, "/PaymentTokens/1"},
	"updatePaymentTokens": {http.MethodPut, "/PaymentTokens"},
	"updatePaymentToken":  {http.MethodPut, "/PaymentTokens/1"},
	"deletePaymentToken":  {http.MethodDelete, "/PaymentTokens/1"},
}

func newRequest(method, path string, body []byte) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1"+contract.BasePath+path, bytes.NewReader(body))
	r.Header.Set("SecureURL", "https://store.example")
	r.Header.Set("PrivateKey", "key")
	r.Header.Set("Token", "token")
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// TestVendorSamplesMatchSpec validates every file of tests/testdata against
// the operation and status its name gives.
func TestVendorSamplesMatchSpec(t *testing.T) {
	t.Parallel()
	v, err := contract.NewValidator()
	require.NoError(t, err)
	files, err := filepath.Glob("../testdata/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 9, "every vendor sample must be in tests/testdata")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			sample, err := os.ReadFile(file)
			require.NoError(t, err)
			parts := strings.Split(strings.TrimSuffix(filepath.Base(file), ".json"), ".")
			op, ok := sampleRequests[parts[0]]
			require.True(t, ok, "unknown operation %q", parts[0])
			if parts[1] == "request" {
				_, err := v.ValidateRequest(t.Context(), newRequest(op.method, op.path, sample), sample)
				require.NoError(t, err)
				return
			}
			status, err := strconv.Atoi(parts[1])
			require.NoError(t, err)
			var reqBody []byte
			if op.method == http.MethodPost || op.method == http.MethodPut {
				reqBody, err = os.ReadFile("../testdata/" + parts[0] + ".request.json")
				require.NoError(t, err)
			}
			in, err := v.ValidateRequest(t.Context(), newRequest(op.method, op.path, reqBody), reqBody)
			require.NoError(t, err)
			header := http.Header{"Content-Type": {"application/json"}}
			require.NoError(t, v.ValidateResponse(t.Context(), in, status, header, sample))
		})
	}
}

// TestValidatorCatchesMismatches proves the validator fails on wrong shapes.
func TestValidatorCatchesMismatches(t *testing.T) {
	t.Parallel()
	v, err := contract.NewValidator()
	require.NoError(t, err)
	in, err := v.ValidateRequest(t.Context(), newRequest(http.MethodGet, "/PaymentTokens/1", nil), nil)
	require.NoError(t, err)
	header := http.Header{"Content-Type": {"application/json"}}
	for name, c := range map[string]struct {
		status int
		body   string
	}{
		"object instead of array": {200, `{"PaymentTokenID": 1}`},
		"int32 overflow":          {200, `[{"PaymentTokenID": 3000000000}]`},
		"bad date":                {200, `[{"LastUpdate": "yesterday"}]`},
		"undocumented status":     {418, `[]`},
		"non-numeric status":      {404, `[{"Key":"Error","Status":"four"}]`},
	} {
		require.Error(t, v.ValidateResponse(t.Context(), in, c.status, header, []byte(c.body)), name)
	}
	noAuth := newRequest(http.MethodGet, "/PaymentTokens/1", nil)
	noAuth.Header.Del("Token")
	_, err = v.ValidateRequest(t.Context(), noAuth, nil)
	require.ErrorContains(t, err, "Token")
	_, err = v.ValidateRequest(t.Context(), newRequest(http.MethodGet, "/PaymentTokens?limit=501", nil), nil)
	require.Error(t, err)
}
