package wrapper_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestNewRejectsEmptyCredentialsNamingTheField(t *testing.T) {
	t.Parallel()
	for field, creds := range map[string]wrapper.Credentials{
		"SecureURL":  {PrivateKey: "pk-secret-7f3a", Token: "tk-secret-91c2"},
		"PrivateKey": {SecureURL: "store.example", Token: "tk-secret-91c2"},
		"Token":      {SecureURL: "store.example", PrivateKey: "pk-secret-7f3a", Token: "  "},
	} {
		_, err := wrapper.New(creds)
		require.Error(t, err, field)
		assert.Contains(t, err.Error(), "Credentials."+field+" is empty", field)
		assert.NotContains(t, err.Error(), "secret", field)
	}
}

func TestOptionsValidateTheirInput(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]wrapper.Option{
		"relative base URL":  wrapper.WithBaseURL("/v2"),
		"plain http":         wrapper.WithBaseURL("http://apirest.3dcart.com/3dCartWebAPI/v2"),
		"ftp":                wrapper.WithBaseURL("ftp://127.0.0.1/x"),
		"nil http client":    wrapper.WithHTTPClient(nil),
		"nil logger":         wrapper.WithLogger(nil),
		"negative retries":   wrapper.WithMaxRetries(-1),
		"min above max":      wrapper.WithRetryWait(time.Second, time.Millisecond),
		"negative rate":      wrapper.WithRateLimit(-1, 5),
		"zero burst":         wrapper.WithRateLimit(2, 0),
		"NaN rate":           wrapper.WithRateLimit(math.NaN(), 5),
		"infinite rate":      wrapper.WithRateLimit(math.Inf(1), 5),
		"zero body cap":      wrapper.WithMaxBodySize(0, 10),
		"batch of 501":       wrapper.WithBatchSize(501),
		"batch of 0":         wrapper.WithBatchSize(0),
		"concurrency 0":      wrapper.WithConcurrency(0),
		"user agent newline": wrapper.WithUserAgent("a\r\nb"),
	} {
		_, err := wrapper.New(testCreds, opt)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "paymenttokens: With", name)
	}
	for name, opt := range map[string]wrapper.Option{
		"https":          wrapper.WithBaseURL("https://apirest.3dcart.com/3dCartWebAPI/v2"),
		"http loopback":  wrapper.WithBaseURL("http://127.0.0.1:8080/3dCartWebAPI/v2"),
		"http localhost": wrapper.WithBaseURL("http://localhost:8080/3dCartWebAPI/v2"),
		"http ::1":       wrapper.WithBaseURL("http://[::1]:8080/3dCartWebAPI/v2"),
		"pacing off":     wrapper.WithRateLimit(0, 0),
	} {
		_, err := wrapper.New(testCreds, opt)
		require.NoError(t, err, name)
	}
}

func TestEveryRequestCarriesTheHeaders(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithUserAgent("billing-sync/2.1"))
	var mu sync.Mutex
	var headers []http.Header
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		headers = append(headers, r.Header.Clone())
		mu.Unlock()
		respond(404, "")(w, r)
	})
	ctx := t.Context()
	_, _ = c.List(ctx, wrapper.ListParams{})
	_, _ = c.Count(ctx)
	_, _, _ = c.Get(ctx, 1)
	_, _ = c.Create(ctx, token(1))
	_ = c.Update(ctx, 1, token(1))
	_, _ = c.UpdateMany(ctx, []wrapper.PaymentToken{{PaymentTokenID: 1}})
	_ = c.Delete(ctx, 1)
	require.Len(t, headers, 7)
	for _, h := range headers {
		assert.Equal(t, testCreds.SecureURL, h.Get("SecureURL"))
		assert.Equal(t, testCreds.PrivateKey, h.Get("PrivateKey"))
		assert.Equal(t, testCreds.Token, h.Get("Token"))
		assert.Equal(t, "application/json", h.Get("Accept"))
		assert.Equal(t, "billing-sync/2.1 3dcart-paymenttokens-go/"+wrapper.Version, h.Get("User-Agent"))
	}
}

func TestSecureURLWithoutSchemeGetsHTTPS(t *testing.T) {
	t.Parallel()
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("SecureURL")
		respond(404, "")(w, r)
	}))
	defer srv.Close()
	c, err := wrapper.New(wrapper.Credentials{SecureURL: "mystore.3dcartstores.com", PrivateKey: "k", Token: "t"},
		wrapper.WithBaseURL(srv.URL+"/3dCartWebAPI/v2"), wrapper.WithRateLimit(0, 0))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "https://mystore.3dcartstores.com", got)
}

func TestWithHTTPClientCopiesTheClient(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Timeout: 3 * time.Second}
	_, err := wrapper.New(testCreds, wrapper.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "the caller's client is not mutated")
	assert.Equal(t, 3*time.Second, hc.Timeout)
}

func TestCheckBaseURLRefusesWhatWithBaseURLRefusesWithoutNamingIt(t *testing.T) {
	for u, want := range map[string]string{
		"http://api.example":                          "paymenttokens: plain http would send the PrivateKey and Token in clear text",
		"ftp://api.example":                           `paymenttokens: scheme "ftp" is not supported`,
		"api.example/v2":                              "paymenttokens: want an absolute URL",
		"https://api.example/3dCartWebAPI/v2?store=1": "paymenttokens: a base URL has no query (?...) nor fragment (#...)",
		"https://api.example/3dCartWebAPI/v2?":        "paymenttokens: a base URL has no query",
		"https://api.example/3dCartWebAPI/v2#top":     "paymenttokens: a base URL has no query",
		"https://api.example":                         "",
		"http://127.0.0.1:8/x":                        "",
	} {
		err := wrapper.CheckBaseURL(u)
		_, newErr := wrapper.New(testCreds, wrapper.WithBaseURL(u))
		if want == "" {
			assert.NoError(t, err, u)
			assert.NoError(t, newErr, u)
			continue
		}
		require.Error(t, err, u)
		assert.True(t, strings.HasPrefix(err.Error(), want), err.Error())
		assert.NotContains(t, err.Error(), "WithBaseURL")
		require.Error(t, newErr, u)
		assert.Contains(t, newErr.Error(), "WithBaseURL")
	}
}
