package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envFile writes a store's environment as an env file with mode 0600.
func envFile(t *testing.T, env map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# the target store\n\n")
	for _, name := range envNames {
		fmt.Fprintf(&b, "export %s=%q\n", name, env[name])
	}
	return writeFile(t, "store.env", b.String())
}

func TestEnvFileValuesWinOverTheEnvironment(t *testing.T) {
	_, source := newSandbox(t, seedTokens(3)...)
	_, target := newSandbox(t, seedTokens(5)...)
	out := filepath.Join(t.TempDir(), "tokens.jsonl")
	r := runCLI(t, source, "export", "--env-file", envFile(t, target), "--output", out, "--json", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	var s exportSummary
	lastJSON(t, r.stdout, &s)
	assert.Equal(t, 5, s.Tokens, "the file's store, not the environment's")
	assert.NotContains(t, r.stderr, "warning", "a 0600 file is not warned about")
}

func TestABadEnvFileExits2NamingTheLineNeverTheValue(t *testing.T) {
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(1))
	for name, tc := range map[string]struct{ content, want string }{
		"unknown key":              {"THREEDCART_SECURE_URL=https://a.example\nTHREEDCART_TOKENS=secret-value\n", `:2: unknown key "THREEDCART_TOKENS": want one of THREEDCART_SECURE_URL,`},
		"no equals":                {"# x\nsecret-value\n", ":2: want KEY=VALUE"},
		"twice":                    {"THREEDCART_TOKEN=secret-value\nTHREEDCART_TOKEN=secret-value\n", ":2: THREEDCART_TOKEN is set a second time"},
		"open quote":               {"THREEDCART_TOKEN=\"secret-value\n", `:1: THREEDCART_TOKEN: the value's quote " is not closed`},
		"after a quote":            {"THREEDCART_TOKEN='secret-value' x\n", ":1: THREEDCART_TOKEN: text after the value's closing quote"},
		"pasted secret":            {"THREEDCART_SECURE_URL=https://a.example\nsecret-value=b64pad==\n", ":2: unknown key (not shown: it is not a THREEDCART_ name and may be a piece of a secret): want one of THREEDCART_SECURE_URL,"},
		"secret on the key's line": {"THREEDCART_TOKEN secret-value=x\n", ":1: unknown key (not shown"},
		"a 64 KiB line":            {"# comment\nTHREEDCART_TOKEN=" + strings.Repeat("secret-value", 6000) + "\n", ":2: the line is longer than 64 KiB: an env file holds short KEY=VALUE lines"},
	} {
		t.Run(name, func(t *testing.T) {
			sb, env, _ := countedSandbox(t, nil)
			path := writeFile(t, "bad.env", tc.content)
			r := runCLI(t, env, "import", file, "--env-file", path)
			assert.Equal(t, exitUsage, r.code)
			assert.True(t, strings.HasPrefix(r.stderr, "paymenttokens import: --env-file "+path+tc.want), r.stderr)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
			assert.NotContains(t, r.stderr, "secret-value")
			assert.Zero(t, sb.Stats().Requests, "no request")
		})
	}
	missing := filepath.Join(t.TempDir(), "none.env")
	r := runCLI(t, someCreds, "diff", file, "--env-file", missing)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "paymenttokens diff: --env-file "+missing+" does not exist")
}

func TestAnEnvFileOthersCanReadIsWarnedAbout(t *testing.T) {
	_, env := newSandbox(t)
	path := envFile(t, env)
	require.NoError(t, os.Chmod(path, 0o644))
	r := runCLI(t, nil, "export", "--env-file", path, "--quiet")
	assert.Equal(t, exitOK, r.code, r.stderr)
	want := "paymenttokens: warning: " + path + " can be read by other users; run chmod 600 " + path + "\n"
	if runtime.GOOS == "windows" {
		want = "" // no Unix permissions to check
	}
	assert.Equal(t, want, r.stderr)
	assert.NotContains(t, r.stderr, env[envToken])
}
