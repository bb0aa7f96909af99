package main

import (
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerboseLogsEveryRequestOnOneLineWithoutSecrets(t *testing.T) {
	sb, env, _ := countedSandbox(t, nil, seedTokens(3)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	r := runCLI(t, env, "import", file, "--verbose", "--quiet", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	line := regexp.MustCompile(`^level=DEBUG msg="paymenttokens: attempt" method=(GET|POST) path=/3dCartWebAPI/v2/PaymentTokens status=\d{3} attempt=1 duration=\d`)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for _, l := range lines {
		assert.Regexp(t, line, l)
	}
	requests := sb.Stats().ByMethod
	assert.Len(t, lines, int(requests["GET"]+requests["POST"]), "one line per request")
	assert.EqualValues(t, 2, requests["POST"])
	for _, secret := range []string{env[envPrivateKey], env[envToken]} {
		assert.NotContains(t, r.stderr, secret)
	}
	assert.NotContains(t, r.stderr, "offset=", "no query")
}

// A retry's line says why in a word: the error's text, which quotes the
// URL with its query, stays out of the log.
func TestVerboseRetryLinesNameTheCauseWithoutTheErrorsText(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	require.NoError(t, ln.Close())
	env := map[string]string{envSecureURL: "https://store.example", envPrivateKey: "private-key-value", envToken: "token-value",
		envBaseURL: "http://" + closed + "/3dCartWebAPI/v2"}
	r := runCLI(t, env, "export", "--verbose", "--quiet", "--rate", "0")
	require.Equal(t, exitIncomplete, r.code, r.stderr)
	retry := regexp.MustCompile(`(?m)^level=WARN msg="paymenttokens: retrying" method=GET path=/3dCartWebAPI/v2/PaymentTokens attempt=\d wait=\S+ cause=unreachable$`)
	assert.Len(t, retry.FindAllString(r.stderr, -1), 3, r.stderr)
	logLines, _, _ := strings.Cut(r.stderr, "paymenttokens export:")
	assert.NotContains(t, logLines, "countonly", "no query")
	assert.NotContains(t, logLines, "dial tcp", "no error text")
}
