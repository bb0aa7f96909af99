package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// newSandbox starts a sandbox seeded with tokens and returns the environment that points the command at it.
func newSandbox(t *testing.T, tokens ...wrapper.PaymentToken) (*sandbox.Server, map[string]string) {
	t.Helper()
	sb := newSandboxWith(t)
	t.Cleanup(sb.Close)
	sb.Seed(tokens...)
	creds := sb.Credentials()
	return sb, map[string]string{
		envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL(),
	}
}

// seedTokens returns n tokens with distinct keys and no ids.
func seedTokens(n int) []wrapper.PaymentToken {
	ts := make([]wrapper.PaymentToken, n)
	for i := range ts {
		ts[i] = sandbox.SampleToken(int32(i + 1))
	}
	return ts
}

// lastJSON decodes the summary of the --json document, the only line of out, into v.
func lastJSON(t *testing.T, out string, v any) {
	t.Helper()
	require.Equal(t, 1, strings.Count(out, "\n"), "one document, one line: %s", out)
	var doc struct{ Summary json.RawMessage }
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	require.NoError(t, json.Unmarshal(doc.Summary, v), out)
}

func TestExportWritesEveryTokenAsJSONLinesOrCSV(t *testing.T) {
	_, env := newSandbox(t, seedTokens(12)...)
	r := runCLI(t, env, "export", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 12)
	var first wrapper.PaymentToken
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Equal(t, int32(1), first.PaymentTokenID)
	assert.Equal(t, "pay-profile-1", first.PaymentProfileID)
	assert.Contains(t, r.stderr, "export: 12/12 tokens (100%)", "a plain progress line ends the phase")

	out := filepath.Join(t.TempDir(), "tokens.csv")
	r = runCLI(t, env, "export", "-o", out, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Empty(t, r.stderr, "--quiet")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), strings.Join(tokenfile.FieldNames(), ",")+"\n"), "a CSV header, from the extension: %s", data)
	assert.Equal(t, 13, strings.Count(string(data), "\n"))
	info, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "payment data is readable by its owner only")
}

func TestAFailedExportLeavesNoFile(t *testing.T) {
	_, env := newSandbox(t, seedTokens(3)...)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	dir := t.TempDir()
	r := runCLICtx(ctx, env, "export", "-o", filepath.Join(dir, "tokens.jsonl"))
	assert.Equal(t, exitInterrupted, r.code)
	assert.Equal(t, "paymenttokens export: interrupted\n", r.stderr)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "neither the file nor a temporary one")
}

func TestImportDiffRoundTrip(t *testing.T) {
	source, srcEnv := newSandbox(t, seedTokens(25)...)
	target, dstEnv := newSandbox(t, wrapper.PaymentToken{GatewayID: 9, PaymentProfileID: "stale-1"}, wrapper.PaymentToken{GatewayID: 9, PaymentProfileID: "stale-2"})
	file := filepath.Join(t.TempDir(), "tokens.jsonl")
	require.Equal(t, exitOK, runCLI(t, srcEnv, "export", "-o", file, "--quiet").code)

	r := runCLI(t, dstEnv, "diff", file)
	assert.Equal(t, exitFailed, r.code, "the target lacks everything")
	assert.Contains(t, r.stdout, `only in store  #1 GatewayID=9 CustomerProfileID="" PaymentProfileID="stale-1"`)
	assert.Contains(t, r.stdout, "diff "+file+": 0 same, 25 only in file, 2 only in store, 0 differing, 0 ambiguous")
	assert.Regexp(t, `^diff check: 25 tokens.*\ndiff list: 2 tokens.*\npaymenttokens diff: the file and the store differ \(listed on stdout\); paymenttokens import .*\n$`, r.stderr, "progress and what to do, on stderr")

	r = runCLI(t, dstEnv, "import", file, "--prune", "--max-delete", "2", "--json", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 25, Deleted: 2}, counts)
	assert.Contains(t, r.stderr, "import write (created 25): 25/25 tokens (100%)")

	ids, err := tokenfile.ReadIDMap(file + ".idmap.csv")
	require.NoError(t, err)
	require.Len(t, ids, 25)
	stored := map[int32]wrapper.PaymentToken{}
	for _, tok := range target.Tokens() {
		stored[tok.PaymentTokenID] = tok
	}
	require.Len(t, stored, 25)
	for _, src := range source.Tokens() {
		assert.Equal(t, src.PaymentProfileID, stored[ids[src.PaymentTokenID]].PaymentProfileID, "source id %d", src.PaymentTokenID)
	}
	assert.FileExists(t, file+".journal")

	r = runCLI(t, dstEnv, "diff", file, "--quiet")
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.Equal(t, "diff "+file+": the file and the store hold the same 25 tokens\n", r.stdout)

	r = runCLI(t, dstEnv, "import", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "25 tokens: created 0, updated 0, unchanged 25, differing 0, deleted 0, failed 0")

	changed := stored[ids[3]]
	changed.CardExpYear = 2044
	target.Seed(changed)
	r = runCLI(t, dstEnv, "diff", file)
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stdout, "differs        line 3 #")
	assert.Contains(t, r.stdout, "CardExpYear file 2030, store 2044")

	r = runCLI(t, dstEnv, "import", "--update", file, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Updated: 1, Unchanged: 24}, counts)
}

func TestDryRunFlagAfterTheFileWritesNothing(t *testing.T) {
	target, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(4))
	r := runCLI(t, env, "import", file, "--dry-run")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, target.Tokens())
	assert.Contains(t, r.stdout, "dry run: nothing was written; this is the plan\n")
	assert.Contains(t, r.stdout, `would create   line 1 GatewayID=7 CustomerProfileID="cust-profile" PaymentProfileID="pay-profile-1"`)
	assert.Contains(t, r.stdout, "4 tokens: would create 4, would update 0, unchanged 0, differing 0, would delete 0, would fail 0")
	assert.Contains(t, r.stderr, "import (dry run) plan (would create 4): 4/4 tokens")
	assert.NotContains(t, r.stdout, "more", "every planned create is listed")

	r = runCLI(t, env, "import", writeTokensFile(t, "many.csv", seedTokens(25)), "--dry-run", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 10, strings.Count(r.stdout, "would create   line "), "ten samples")
	assert.Contains(t, r.stdout, "would create   ... and 15 more\n")
	assert.NoFileExists(t, file+".journal")
	assert.NoFileExists(t, file+".idmap.csv")
}

func TestFailedTokensExit1AndAreListed(t *testing.T) {
	target, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.csv", seedTokens(5))
	customers := writeFile(t, "customers.csv", "source_id,target_id\n1,101\n2,102\n4,104\n5,105\n")
	r := runCLI(t, env, "import", file, "--customer-map", customers)
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stdout, "failed         line 4 ")
	assert.Contains(t, r.stdout, "created 4, updated 0, unchanged 0, differing 0, deleted 0, failed 1")
	assert.Equal(t, "paymenttokens import: 1 of 5 tokens failed (listed on stdout); fix them and run the same command again\n",
		lastLine(r.stderr))
	assert.Len(t, target.Tokens(), 4)

	r = runCLI(t, env, "import", file, "--customer-map", customers, "--dry-run", "--quiet")
	assert.Equal(t, exitFailed, r.code, "a planned failure is a failure")
	assert.Contains(t, r.stdout, "would fail     line 4 ")
	assert.Equal(t, "paymenttokens import: 1 of 5 tokens would fail (listed on stdout); fix them before the import\n", r.stderr)

	r = runCLI(t, env, "import", file, "--customer-map", customers, "--json", "--quiet")
	assert.Equal(t, exitFailed, r.code)
	var summary importSummary
	lastJSON(t, r.stdout, &summary)
	require.Len(t, summary.Failures, 1)
	failure := summary.Failures[0]
	assert.Equal(t, 4, failure.Line)
	assert.Equal(t, int32(3), failure.SourceID)
	assert.NotEmpty(t, failure.Reason)
	assert.Equal(t, importCounts{Unchanged: 4, Failed: 1}, summary.importCounts)
}

func TestAMalformedFileExits2BeforeAnyRequest(t *testing.T) {
	for name, content := range map[string]string{
		"tokens.jsonl":     "{\"GatewayID\":1,\"PaymentProfileID\":\"a\"}\n{\"GatewayID\":\"x\"}\n",
		"duplicates.jsonl": "{\"GatewayID\":1,\"PaymentProfileID\":\"a\"}\n{\"GatewayID\":1,\"PaymentProfileID\":\"a\"}\n",
		"tokens.csv":       "GatewayID,Nope\n1,2\n",
	} {
		t.Run(name, func(t *testing.T) {
			target, env := newSandbox(t)
			file := writeFile(t, name, content)
			for _, cmd := range []string{"import", "diff"} {
				r := runCLI(t, env, cmd, file, "--quiet")
				assert.Equal(t, exitUsage, r.code, r.stderr)
				assert.True(t, strings.HasPrefix(r.stderr, "paymenttokens "+cmd+": "+file), r.stderr)
				assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
			}
			assert.Zero(t, target.Stats().Requests)
		})
	}
}

func TestRuntimeErrorsExit3InOneLineWithoutSecrets(t *testing.T) {
	_, env := newSandbox(t, seedTokens(2)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(2))
	wrong := mergeEnv(env, envPrivateKey, "pk-wrong-secret-value")
	for _, args := range [][]string{{"export"}, {"import", file}, {"diff", file}, {"import", file, "--dry-run"}} {
		r := runCLI(t, wrong, args...)
		assert.Equal(t, exitIncomplete, r.code, args)
		assert.Contains(t, r.stderr, "401 Unauthorized", args)
		assert.Contains(t, r.stderr, "(check THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY and THREEDCART_TOKEN)\n", args)
		assert.NotContains(t, r.stderr, ": paymenttokens: ", "one prefix, at the start")
		assert.Equal(t, "paymenttokens "+args[0]+": ", lastLine(r.stderr)[:len("paymenttokens "+args[0]+": ")], args)
		assert.NotContains(t, r.stdout+r.stderr, "pk-wrong-secret-value", args)
		assert.NotContains(t, r.stdout+r.stderr, env[envToken], args)
	}
}

func TestNoSecretReachesOutputJournalOrMap(t *testing.T) {
	_, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(6))
	r := runCLI(t, env, "import", file)
	require.Equal(t, exitOK, r.code, r.stderr)
	journal, err := os.ReadFile(file + ".journal")
	require.NoError(t, err)
	idmap, err := os.ReadFile(file + ".idmap.csv")
	require.NoError(t, err)
	for _, secret := range []string{env[envPrivateKey], env[envToken]} {
		for _, text := range []string{r.stdout, r.stderr, string(journal), string(idmap)} {
			assert.NotContains(t, text, secret)
			assert.NotContains(t, text, secret[:8], "not even a piece of it")
		}
	}
}

// writeTokensFile writes ts to name (format from the extension) in a temporary directory.
func writeTokensFile(t *testing.T, name string, ts []wrapper.PaymentToken) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	require.NoError(t, err)
	format, err := tokenfile.FormatOf(name)
	require.NoError(t, err)
	w, err := tokenfile.NewWriter(f, format)
	require.NoError(t, err)
	for i, tok := range ts {
		tok.PaymentTokenID = int32(i + 1)
		require.NoError(t, w.Write(tok))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	return path
}

// lastLine returns the last line of out, with its newline.
func lastLine(out string) string {
	sc := bufio.NewScanner(strings.NewReader(out))
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	return last + "\n"
}

func TestAnInterruptedImportSaysHowToResumeAndTheRerunFinishes(t *testing.T) {
	ctx, interrupt := context.WithCancel(t.Context())
	defer interrupt()
	var mu sync.Mutex
	posts := 0
	sb := newSandboxWith(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			mu.Lock()
			defer mu.Unlock()
			if posts++; posts == 5 {
				interrupt() // as Ctrl-C would, with creates in flight
			}
		}
		return nil
	}))
	defer sb.Close()
	creds := sb.Credentials()
	baseURL, quiesce := serveCounted(t, sb)
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: baseURL}
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(30))

	r := runCLICtx(ctx, env, "import", file, "--quiet", "--settle", "50ms")
	assert.Equal(t, exitInterrupted, r.code)
	assert.Equal(t, shortSettleWarning("50ms")+"paymenttokens import: interrupted; run the same command again to resume from the journal "+file+".journal\n", r.stderr)
	quiesce()
	held := len(sb.Tokens())
	assert.Less(t, held, 30)

	r = runCLI(t, env, "import", file, "--json", "--quiet", "--settle", "50ms")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	// A create sent just before the interrupt may reach the store after the
	// count above: the rerun then finds it, so it is at least held.
	assert.GreaterOrEqual(t, counts.Unchanged, held)
	assert.Equal(t, 30, counts.Created+counts.Unchanged)
	assert.Zero(t, counts.Failed)
	assert.Len(t, sb.Tokens(), 30, "every token exactly once")
}

func TestAJournalOfAnotherImportExits2(t *testing.T) {
	_, env := newSandbox(t)
	first := writeTokensFile(t, "first.jsonl", seedTokens(2))
	second := writeTokensFile(t, "second.jsonl", seedTokens(3))
	require.Equal(t, exitOK, runCLI(t, env, "import", first, "--quiet").code)
	r := runCLI(t, env, "import", second, "--journal", first+".journal", "--quiet")
	assert.Equal(t, exitUsage, r.code)
	assert.True(t, strings.HasPrefix(r.stderr, "paymenttokens import: --journal "+first+".journal: "), r.stderr)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
}

func TestPruneWithAnEmptyFileIsRefusedBeforeAnyWrite(t *testing.T) {
	target, env := newSandbox(t, seedTokens(3)...)
	file := writeFile(t, "empty.jsonl", "")
	r := runCLI(t, env, "import", file, "--prune", "--quiet")
	assert.Equal(t, exitUsage, r.code, "a refusal is fixed in the file, not by running again")
	assert.True(t, strings.HasPrefix(r.stderr, "paymenttokens import: --prune: "), r.stderr)
	assert.Contains(t, r.stderr, "prune refused: the file holds no token")
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
	assert.Len(t, target.Tokens(), 3)
}

// A settle window shorter than the backend's request timeout is said, even
// with --quiet (a warning that protects data): a create that lands later
// than it would be created again.
func TestAShortSettleWindowIsWarnedOf(t *testing.T) {
	_, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(1))
	for _, quiet := range []string{"--quiet=false", "--quiet"} {
		r := runCLI(t, env, "import", file, "--settle", "500ms", "--dry-run", quiet)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stderr, shortSettleWarning("500ms"), quiet)
	}
	r := runCLI(t, env, "import", file, "--dry-run")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "--settle")
}

// shortSettleWarning is the warning of import --settle d, with its newline.
func shortSettleWarning(d string) string {
	return "import: --settle " + d + " is shorter than the 1m50s a request may run in the API's backend: a create that lands later than " + d + " after it was sent is created again\n"
}

func TestAnAbsurdSettleWindowIsRefusedBeforeAnyRequest(t *testing.T) {
	sb, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(1))
	for _, settle := range []string{"1000h", "1h1m", "0s", "-1s"} {
		refusedBeforeAnyRequest(t, sb, env, []string{"import", file, "--settle", settle},
			"paymenttokens import: --settle "+settle, "want a duration above 0 and at most 1h,")
	}
	assert.Empty(t, sb.Tokens())
}

// newSandboxWith is sandbox.New, failing the test on its error.
func newSandboxWith(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
