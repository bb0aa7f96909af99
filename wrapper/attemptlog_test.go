package wrapper_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// echoSecrets answers with the request's credentials in headers and body,
// as a hostile or broken server might: status 500 on the first call, then
// 200 with a token list.
func echoSecrets(calls *counter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secrets := r.Header.Get("PrivateKey") + " " + r.Header.Get("Token")
		w.Header().Set("X-Echo", secrets)
		w.Header().Set("Content-Type", "application/json")
		if calls.add() == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"` + secrets + `"}`))
			return
		}
		_, _ = w.Write([]byte(`[{"PaymentTokenID":1,"GatewayID":1,"PaymentProfileID":"` + secrets + `"}]`))
	}
}

func TestTheDebugLogHasOneLinePerAttemptAndNoSecret(t *testing.T) {
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mux, c := setup(t, wrapper.WithLogger(logger), wrapper.WithMaxRetries(2))
	var calls counter
	mux.HandleFunc("/3dCartWebAPI/v2/PaymentTokens", echoSecrets(&calls))
	tokens, err := c.List(t.Context(), wrapper.ListParams{Limit: 10})
	require.NoError(t, err)
	require.Len(t, tokens, 1)
	require.Contains(t, tokens[0].PaymentProfileID, testCreds.PrivateKey, "the server did echo the secrets")

	out := log.String()
	assert.NotContains(t, out, testCreds.PrivateKey)
	assert.NotContains(t, out, testCreds.Token)
	assert.NotContains(t, out, "limit=", "no query")
	var attempts []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, "level=DEBUG") {
			attempts = append(attempts, line)
		}
	}
	require.Len(t, attempts, 2, out)
	assert.Contains(t, attempts[0], "method=GET path=/3dCartWebAPI/v2/PaymentTokens status=500 attempt=1 duration=")
	assert.Contains(t, attempts[1], "status=200 attempt=2 duration=")
}

func TestTheDebugLogNamesTheClassOfATransportError(t *testing.T) {
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mux, c := setup(t, wrapper.WithLogger(logger))
	mux.HandleFunc("/3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack() // cut without an answer
		if err == nil {
			_ = conn.Close()
		}
	})
	_, err := c.List(t.Context(), wrapper.ListParams{Limit: 10})
	require.Error(t, err)
	assert.Contains(t, log.String(), `method=GET path=/3dCartWebAPI/v2/PaymentTokens error="connection failed" attempt=1`)
	assert.NotContains(t, log.String(), testCreds.Token)
}
