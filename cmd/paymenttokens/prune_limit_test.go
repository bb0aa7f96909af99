package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestPruneIsRefusedBeforeAnyWriteWhenItWouldDeleteTooMany(t *testing.T) {
	stored := seedTokens(20)
	sb, env, _ := countedSandbox(t, nil, stored...)
	// Ten of the store's tokens and a new one: prune would delete the other ten.
	file := writeTokensFile(t, "tokens.jsonl", append(seedTokens(10), sandbox.SampleToken(99)))

	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "paymenttokens import: --prune: the import refused before any write: it would delete 10 of the store's 20 tokens, more than a tenth of them; --max-delete N sets another limit. Check that the file is complete (every token missing from it is deleted from the store); if these deletes are meant, run again with --max-delete 10\n"},
		{[]string{"--dry-run"}, "paymenttokens import: --prune: the import would be refused before any write: it would delete 10 of the store's 20 tokens, more than a tenth of them;"},
		{[]string{"--max-delete", "9"}, "paymenttokens import: --prune: the import refused before any write: it would delete 10 of the store's 20 tokens, more than the --max-delete 9."},
		{[]string{"--max-delete", "9", "--dry-run"}, "the import would be refused before any write: it would delete 10 of the store's 20 tokens, more than the --max-delete 9."},
	} {
		r := runCLI(t, env, append([]string{"import", file, "--prune", "--quiet"}, tc.args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
		assert.Equal(t, 1, lineCount(r.stderr), r.stderr)
	}
	assert.Zero(t, sb.Stats().Writes(), "no create, no delete")
	assert.Len(t, sb.Tokens(), 20)

	r := runCLI(t, env, "import", file, "--prune", "--max-delete", "10", "--dry-run", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "11 tokens: would create 1, would update 0, unchanged 10, differing 0, would delete 10, would fail 0")
	r = runCLI(t, env, "import", file, "--prune", "--max-delete", "10", "--json", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 1, Unchanged: 10, Deleted: 10}, counts)
	assert.EqualValues(t, 10, sb.Stats().ByMethod[http.MethodDelete])
	assert.Len(t, sb.Tokens(), 11)

	// Within a tenth, no flag is needed: one of the 11 is missing from the file.
	r = runCLI(t, env, "import", writeTokensFile(t, "fewer.jsonl", seedTokens(10)), "--prune", "--json", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Unchanged: 10, Deleted: 1}, counts)
}

func TestMaxDeleteNeedsPruneAndAPositiveLimit(t *testing.T) {
	sb, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(1))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-delete", "5"}, "paymenttokens import: --max-delete bounds --prune: add --prune, or leave --max-delete out\n"},
		{[]string{"--prune", "--max-delete", "0"}, "paymenttokens import: --max-delete 0: want 1 or more (to delete nothing, leave out --prune)\n"},
		{[]string{"--prune", "--max-delete", "-1"}, "paymenttokens import: --max-delete -1: want 1 or more"},
	} {
		r := runCLI(t, env, append([]string{"import", file}, tc.args...)...)
		assert.Equal(t, exitUsage, r.code, tc.args)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
	assert.Zero(t, sb.Stats().Requests)
}
