package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// document decodes out, which must be one JSON document on one line.
func decodeDocument(t *testing.T, out string) map[string]any {
	t.Helper()
	require.Equal(t, 1, strings.Count(out, "\n"), out)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	return doc
}

// storeWithOneChanged returns n tokens, a sandbox holding them with the
// GatewayName of token i "changed", and a file holding them as they were.
func storeWithOneChanged(t *testing.T, n, i int) ([]wrapper.PaymentToken, map[string]string, string) {
	t.Helper()
	tokens := seedTokens(n)
	sb, env := newSandbox(t, tokens...)
	stored := sb.Tokens()
	stored[i].GatewayName = "changed"
	sb.Seed(stored[i])
	return tokens, env, writeTokensFile(t, "tokens.jsonl", tokens)
}

func TestDiffJSONListsTheDifferingKeysAndExits1(t *testing.T) {
	tokens, env, file := storeWithOneChanged(t, 3, 1)
	r := runCLI(t, env, "diff", file, "--json", "--rate", "0")
	assert.Equal(t, exitFailed, r.code, r.stderr)
	doc := decodeDocument(t, r.stdout)
	assert.Equal(t, "diff", doc["command"])
	assert.Equal(t, "differ", doc["outcome"], "the stores differ: nothing failed")
	assert.EqualValues(t, exitFailed, doc["exit_status"])
	assert.Contains(t, doc["next"], "paymenttokens import "+file)
	var s diffSummary
	lastJSON(t, r.stdout, &s)
	assert.False(t, s.Equal)
	assert.Equal(t, file, s.File)
	assert.Equal(t, 2, s.Same)
	require.Len(t, s.Differing, 1)
	assert.Contains(t, s.Differing[0].Key, `PaymentProfileID="pay-profile-2"`)
	assert.Equal(t, []changeJSON{{Field: "GatewayName", File: tokens[1].GatewayName, Store: "changed"}}, s.Differing[0].Changes)
	assert.Empty(t, s.OnlyInFile)
	assert.NotNil(t, s.OnlyInStore, "an empty list is [], not null")
	assert.NotContains(t, r.stdout, env[envToken])
}

func TestARefusedRunWithJSONStillPrintsItsDocument(t *testing.T) {
	r := runCLI(t, someCreds, "import", "--json", "nope.jsonl")
	assert.Equal(t, exitUsage, r.code)
	doc := decodeDocument(t, r.stdout)
	assert.Equal(t, map[string]any{
		"command": "import", "outcome": "refused", "exit_status": float64(exitUsage), "error": "file nope.jsonl does not exist",
	}, doc)
	assert.Equal(t, "paymenttokens import: file nope.jsonl does not exist\n", r.stderr, "the error line stays on stderr")
}

func TestExportJSONNeedsAnOutputFile(t *testing.T) {
	_, env := newSandbox(t, seedTokens(2)...)
	r := runCLI(t, env, "export", "--json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "paymenttokens export: --json needs --output FILE")
	out := filepath.Join(t.TempDir(), "t.csv")
	r = runCLI(t, env, "export", "-o", out, "--json", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	var s exportSummary
	lastJSON(t, r.stdout, &s)
	assert.Equal(t, exportSummary{File: out, Format: "csv", Tokens: 2}, s)
}

func TestImportJSONSaysWhatToDoNext(t *testing.T) {
	_, env, file := storeWithOneChanged(t, 2, 0)
	r := runCLI(t, env, "import", file, "--json", "--quiet", "--rate", "0")
	assert.Equal(t, exitFailed, r.code, r.stderr)
	doc := decodeDocument(t, r.stdout)
	assert.Equal(t, "run again with --update to rewrite the differing tokens from the file", doc["next"])
	var s importSummary
	lastJSON(t, r.stdout, &s)
	assert.Equal(t, importCounts{Unchanged: 1, Differing: 1}, s.importCounts)
	assert.Equal(t, file+".journal", s.Journal)
	assert.Equal(t, file+".idmap.csv", s.IDMap)
	require.Len(t, s.Differences, 1)
	assert.Equal(t, "GatewayName", s.Differences[0].Changes[0].Field)
}

func TestSandboxJSONPrintsOneDocumentOnceServing(t *testing.T) {
	env, stop := startSandboxJSON(t, "--seed", "2")
	r := runCLI(t, env, "diff", writeTokensFile(t, "t.jsonl", seedTokens(2)), "--quiet")
	assert.Equal(t, exitOK, r.code, r.stderr)
	_, code := stop()
	assert.Equal(t, exitOK, code)
}

func TestImportingAnEmptyFileSaysSoAndExits0(t *testing.T) {
	sb, env, _ := countedSandbox(t, nil, seedTokens(2)...)
	file := writeFile(t, "empty.jsonl", "")
	r := runCLI(t, env, "import", file, "--rate", "0")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "import: the file holds no tokens: nothing to do\n")
	assert.Zero(t, sb.Stats().Writes())

	r = runCLI(t, env, "diff", file, "--rate", "0")
	assert.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stderr, "diff: the file holds no tokens: every token of the store is only in the store\n")
}
