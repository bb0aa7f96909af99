package sandbox_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestDateLayoutAndStoreOffsetSetHowLastUpdateIsEmitted(t *testing.T) {
	t.Parallel()
	for b, want := range map[sandbox.Behaviour]string{
		{}:                                  `"LastUpdate":"05/06/2024 07:08"`,
		{DateLayout: "2006-01-02T15:04:05"}: `"LastUpdate":"2024-05-06T07:08:00"`,
		{StoreOffset: -5 * time.Hour}:       `"LastUpdate":"05/06/2024 02:08"`,
		{StoreOffset: 5*time.Hour + 30*time.Minute, DateLayout: "2006-01-02T15:04"}: `"LastUpdate":"2024-05-06T12:38"`,
	} {
		sb := newSandbox(t, sandbox.WithBehaviour(b))
		t.Cleanup(sb.Close)
		tk := sandbox.SampleToken(1)
		tk.LastUpdate = api.DateTime{Time: time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)}
		sb.Seed(tk, sandbox.SampleToken(2))
		for _, path := range []string{"/PaymentTokens?limit=10", "/PaymentTokens/1"} {
			status, _, body := raw(t, sb, http.MethodGet, path, "", "", sb.Credentials())
			require.Equal(t, http.StatusOK, status, path)
			assert.Contains(t, body, want, "%+v, %s", b, path)
		}
		_, _, body := raw(t, sb, http.MethodGet, "/PaymentTokens/2", "", "", sb.Credentials())
		assert.Contains(t, body, `"LastUpdate":"0001-01-01T00:00:00"`, "a missing date reads the same in any layout")
	}
}

func TestRateLimitHeadersComeOnEveryAnswerOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	plain := newSandbox(t)
	t.Cleanup(plain.Close)
	_, h, _ := raw(t, plain, http.MethodGet, "/PaymentTokens?countonly=1", "", "", plain.Credentials())
	assert.Empty(t, h.Values("X-RateLimit-Limit"), "the documented API sends none")

	unlimited := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{RateLimitHeaders: true}))
	t.Cleanup(unlimited.Close)
	for _, creds := range []sandbox.Credentials{unlimited.Credentials(), {SecureURL: "x", PrivateKey: "y", Token: "z"}} {
		_, h, _ := raw(t, unlimited, http.MethodGet, "/PaymentTokens/1", "", "", creds)
		assert.Equal(t, "50", h.Get("X-RateLimit-Limit"), "on a 404 and a 401 too")
		assert.Equal(t, "50", h.Get("X-RateLimit-Remaining"))
	}

	limited := newSandbox(t, sandbox.WithRateLimit(1, 3), sandbox.WithBehaviour(sandbox.Behaviour{RateLimitHeaders: true}))
	t.Cleanup(limited.Close)
	var left []string
	for range 4 {
		_, h, _ := raw(t, limited, http.MethodGet, "/PaymentTokens?countonly=1", "", "", limited.Credentials())
		assert.Equal(t, "3", h.Get("X-RateLimit-Limit"))
		left = append(left, h.Get("X-RateLimit-Remaining"))
	}
	assert.Equal(t, []string{"2", "1", "0", "0"}, left, "the fourth is the 429's")
}
