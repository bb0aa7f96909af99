package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/internal/safetext"
)

func TestEveryExitPrintsTheDocumentWhenJSONIsOnTheLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args    []string
		command string
		error   string
	}{
		"a bad flag before --json": {[]string{"import", "--bogus", "t.jsonl", "--json"}, "import",
			"flag provided but not defined: --bogus (see 'paymenttokens import --help')"},
		"a bad value before --json": {[]string{"diff", "--rate", "fast", "t.jsonl", "-json"}, "diff",
			`invalid value "fast" for flag --rate: parse error (see 'paymenttokens diff --help')`},
		"an unknown command": {[]string{"exprot", "--json"}, "exprot", `unknown command "exprot"`},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, someCreds, tc.args...)
			assert.Equal(t, exitUsage, r.code)
			doc := decodeDocument(t, r.stdout)
			assert.Equal(t, map[string]any{
				"command": tc.command, "outcome": "refused", "exit_status": float64(exitUsage), "error": tc.error,
			}, doc)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "the error line stays on stderr: %q", r.stderr)
		})
	}
	for _, args := range [][]string{
		{"import", "--bogus", "t.jsonl"},             // no --json
		{"import", "--bogus", "t.jsonl", "--json=0"}, // turned off
		{"import", "--bogus", "--", "--json"},        // a file named --json
		{"exprot"},
	} {
		r := runCLI(t, someCreds, args...)
		assert.Equal(t, exitUsage, r.code, args)
		assert.Empty(t, r.stdout, args)
	}
}

func TestAnInterruptedDiffOrExportSaysInterrupted(t *testing.T) {
	_, env := newSandbox(t, seedTokens(3)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	ctx, interrupt := context.WithCancel(t.Context())
	interrupt() // as Ctrl-C would, before the first request
	for _, args := range [][]string{{"diff", file}, {"export"}, {"probe"}} {
		r := runCLICtx(ctx, env, append(args, "--quiet")...)
		assert.Equal(t, exitInterrupted, r.code, r.stderr)
		assert.Equal(t, "paymenttokens "+args[0]+": interrupted\n", r.stderr)
		assert.NotContains(t, r.stderr, "context canceled")
	}
	r := runCLICtx(ctx, env, "diff", file, "--json")
	doc := decodeDocument(t, r.stdout)
	assert.Equal(t, "interrupted", doc["outcome"])
	assert.Equal(t, "interrupted", doc["error"])
}

func TestAGatewaysControlCharactersNeverReachTheTerminal(t *testing.T) {
	page := "<html>\r\n<title>\x1b]0;pwned\a\x1b[2J\u202eAccess denied</title>\n</html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden) // a firewall's page: not retried
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	env := mergeEnv(someCreds, envBaseURL, srv.URL+contract.BasePath)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(1))
	for _, args := range [][]string{{"export"}, {"diff", file}, {"probe"}, {"diff", file, "--json"}} {
		r := runCLI(t, env, append(args, "--quiet", "--rate", "0")...)
		assert.Equal(t, exitIncomplete, r.code, args)
		assert.Contains(t, r.stderr, `\x1b]0;pwned\a\x1b[2J\u202eAccess denied`, args)
		assert.False(t, strings.ContainsFunc(r.stdout+r.stderr, func(c rune) bool { return c != '\n' && safetext.Unsafe(c) }),
			"%v: %q %q", args, r.stdout, r.stderr)
	}
}

func TestABaseURLWithAQueryIsRefusedBeforeAnyRequest(t *testing.T) {
	sb, env, _ := countedSandbox(t, nil)
	r := runCLI(t, env, "export", "--base-url", env[envBaseURL]+"?store=1")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "paymenttokens export: --base-url "+env[envBaseURL]+"?store=1: a base URL has no query (?...) nor fragment (#...)")
	assert.Zero(t, sb.Stats().ByMethod["GET"])
}
