package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerboseLogsEveryRequestOnOneLineWithoutSecrets(t *testing.T) {
	_, env, counts, _ := countedSandbox(t, nil, seedTokens(3)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	r := runCLI(t, env, "import", file, "--verbose", "--quiet", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	line := regexp.MustCompile(`^level=DEBUG msg="paymenttokens: attempt" method=(GET|POST) path=/3dCartWebAPI/v2/PaymentTokens status=\d{3} attempt=1 duration=\d`)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for _, l := range lines {
		assert.Regexp(t, line, l)
	}
	assert.Len(t, lines, counts.count("GET")+counts.count("POST"), "one line per request")
	assert.Equal(t, 2, counts.count("POST"))
	for _, secret := range []string{env[envPrivateKey], env[envToken]} {
		assert.NotContains(t, r.stderr, secret)
	}
	assert.NotContains(t, r.stderr, "offset=", "no query")
}
