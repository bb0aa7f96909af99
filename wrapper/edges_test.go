package wrapper_test

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestAHugeRetryAfterWaitsTheMaximumNotANegativeTime(t *testing.T) {
	t.Parallel()
	for _, after := range []string{"10000000000", strconv.FormatInt(math.MaxInt64, 10), "99999999999999999999999"} {
		t.Run(after, func(t *testing.T) {
			t.Parallel()
			w := &waits{}
			mux, c := setup(t, wrapper.WithMaxRetries(2), wrapper.WithWaitFunc(w.wait), wrapper.WithRetryWait(time.Second, 8*time.Second),
				wrapper.WithRateLimitWait(20*time.Second))
			_, h := failThen(5, 429, http.Header{"Retry-After": {after}}, respond(200, `{"TotalCount": 1}`))
			mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", h)
			_, err := c.Count(t.Context())
			require.ErrorIs(t, err, wrapper.ErrRateLimited)
			assert.Equal(t, []time.Duration{8 * time.Second, 8 * time.Second, 8 * time.Second}, w.all(), "429s are retried until 20 s have been waited, whatever WithMaxRetries says")
			assert.Contains(t, err.Error(), "the wait that WithRateLimitWait allows is 20s")
		})
	}
}

func TestAZeroMinimumRetryWaitWaitsNothing(t *testing.T) {
	t.Parallel()
	w := &waits{}
	mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithWaitFunc(w.wait), wrapper.WithRetryWait(0, 8*time.Second))
	_, h := failThen(3, 503, nil, respond(200, `{"TotalCount": 1}`))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", h)
	_, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{0, 0, 0}, w.all())
}

func TestAnErrorPageOverTheCapKeepsItsStatusAndIsRetried(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(2))
	page := "<html>" + strings.Repeat("Service Unavailable ", 4000) + "</html>" // 80 KB, over the 64 KiB error cap
	calls, h := failThen(5, 503, nil, nil)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		calls.add()
		w.WriteHeader(503)
		_, _ = w.Write([]byte(page))
	})
	_ = h
	_, err := c.Count(t.Context())
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, 3, calls.count())
	assert.Contains(t, apiErr.Body, "Service Unavailable")
}

func TestAPlainHTTPServerBehindAnHTTPSURLIsNotRetried(t *testing.T) {
	t.Parallel()
	var calls counter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.add() }))
	defer srv.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL(strings.Replace(srv.URL, "http://", "https://", 1)),
		wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(3), wrapper.WithWaitFunc(noWait))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.ErrorContains(t, err, "server gave HTTP response to HTTPS client")
	assert.NotContains(t, err.Error(), "attempts", "a scheme error is not retried")
}

func TestAWindows1252ErrorPageKeepsItsText(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	page := bytes.Repeat([]byte("Caf\xe9 ferm\xe9 \x96 r\xe9essayez plus tard. "), 300) // ~10 KB, not UTF-8
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		w.WriteHeader(500)
		_, _ = w.Write(page)
	})
	_, err := c.Count(t.Context())
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Greater(t, len(apiErr.Body), 900, "the excerpt keeps its text")
	assert.Contains(t, apiErr.Body, "Caf\uFFFD ferm\uFFFD")
	require.NotEmpty(t, apiErr.Messages)
	assert.Contains(t, apiErr.Messages[0], "r\uFFFDessayez")
}

func TestAPlainHTTPProxyOnAnotherMachineIsRefusedOnlyForAPlainHTTPAPI(t *testing.T) {
	t.Parallel()
	// As HTTPS_PROXY and HTTP_PROXY set it: a proxy for each scheme of the API URL.
	proxies := func(httpsProxy, httpProxy string) *http.Client {
		return &http.Client{Transport: &http.Transport{Proxy: func(r *http.Request) (*url.URL, error) {
			if r.URL.Scheme == "https" {
				return url.Parse(httpsProxy)
			}
			return url.Parse(httpProxy)
		}}}
	}
	const far = "http://proxy.corp.example:3128"
	_, err := wrapper.New(testCreds, wrapper.WithHTTPClient(proxies(far, far)))
	require.NoError(t, err, "an https API is tunnelled with CONNECT: the headers travel inside TLS")
	_, err = wrapper.New(testCreds, wrapper.WithBaseURL("http://127.0.0.1:8080"), wrapper.WithHTTPClient(proxies("https://tls.proxy.example", far)))
	require.ErrorContains(t, err, "would go through the proxy http://proxy.corp.example:3128 on another machine in clear text")
	for name, hc := range map[string]*http.Client{
		"https proxy":    proxies(far, "https://proxy.corp.example:3129"),
		"loopback proxy": proxies(far, "http://127.0.0.1:3128"),
	} {
		_, err = wrapper.New(testCreds, wrapper.WithBaseURL("http://127.0.0.1:8080"), wrapper.WithHTTPClient(hc))
		require.NoError(t, err, name)
	}
}

// twoClientsOnOneBucket runs two clients of one store (two processes of one
// app), each pacing itself to half the bucket's leak rate but with the whole
// burst, and returns how many requests the bucket throttled.
func twoClientsOnOneBucket(t *testing.T, opts ...wrapper.Option) int64 {
	const perSecond, burst, each = 50.0, 10, 40
	sb, _ := setupSandbox(t, []sandbox.Option{sandbox.WithRateLimit(perSecond, burst)})
	var wg sync.WaitGroup
	for range 2 {
		c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), append([]wrapper.Option{wrapper.WithBaseURL(sb.URL()),
			wrapper.WithRateLimit(perSecond/2, burst), wrapper.WithRetryWait(10*time.Millisecond, 40*time.Millisecond), wrapper.WithMaxRetries(50)}, opts...)...)
		require.NoError(t, err)
		wg.Go(func() {
			for range each {
				_, err := c.Count(context.Background())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	return sb.Stats().Throttled
}

// TestAfterA429TheClientStopsBursting: two processes of one app on one store
// overflow the API's bucket with their bursts; after a 429 each client stops
// bursting, so fewer requests are throttled than when it keeps bursting.
func TestAfterA429TheClientStopsBursting(t *testing.T) {
	t.Parallel()
	adaptive := twoClientsOnOneBucket(t)
	bursting := twoClientsOnOneBucket(t, wrapper.WithoutAdaptivePacing())
	t.Logf("two clients, 2 x 40 requests, bucket 10 leaking 50/s: %d throttled while bursting on, %d when a 429 stops the bursts", bursting, adaptive)
	assert.Less(t, adaptive, bursting)
}
