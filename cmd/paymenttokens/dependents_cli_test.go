package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileContent reads the file at path.
func fileContent(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func TestExportDoesNotReplaceATokenFileAnImportDependsOn(t *testing.T) {
	held, release := make(chan struct{}, 1), make(chan struct{})
	target, targetEnv, quiesce := countedSandbox(t, holdFirstCreate(held, release))
	source, sourceEnv := newSandbox(t, seedTokens(8)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	before := fileContent(t, file)

	ctx, stop := context.WithCancel(t.Context())
	first := make(chan result, 1)
	go func() { first <- runCLICtx(ctx, targetEnv, "import", file, "--quiet", "--concurrency", "1") }()
	finish := sync.OnceValue(func() result { stop(); close(release); return <-first })
	defer finish()
	waitFor(t, held, "the import's first create")

	r := runCLI(t, sourceEnv, "export", "-o", file, "--quiet")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "is locked by an import running now")
	assert.Zero(t, source.Stats().Requests, "refused before any request")

	require.Equal(t, exitInterrupted, finish().code)
	quiesce()
	r = runCLI(t, sourceEnv, "export", "-o", file, "--quiet")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "paymenttokens export: --output: ")
	assert.Contains(t, r.stderr, "records 1 create(s) whose outcome is not settled, and resuming needs the file as it is")
	assert.Equal(t, before, fileContent(t, file), "left as it was")

	r = runCLI(t, targetEnv, "import", file, "--quiet", "--settle", "100ms")
	require.Equal(t, exitOK, r.code, "the resume needs the file as it was: %s", r.stderr)
	assert.Len(t, target.Tokens(), 5)

	r = runCLI(t, targetEnv, "export", "-o", file, "--quiet")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "was written for an import into the store being exported")
	assert.Equal(t, before, fileContent(t, file))

	r = runCLI(t, sourceEnv, "export", "-o", file, "--json", "--quiet")
	require.Equal(t, exitOK, r.code, "settled, and from another store: %s", r.stderr)
	var s exportSummary
	lastJSON(t, r.stdout, &s)
	assert.Equal(t, 8, s.Tokens)
}

func TestExportOfAnEmptyStoreDoesNotEmptyAFileHoldingTokens(t *testing.T) {
	_, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.csv", seedTokens(50))
	before := snapshot(t, filepath.Dir(file))

	r := runCLI(t, env, "export", "-o", file, "--json")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "the store holds no token, and "+file+" holds some")
	assert.Contains(t, r.stdout, `"outcome":"refused"`)
	assert.Equal(t, before, snapshot(t, filepath.Dir(file)), "the file is left as it was, and no temporary file")

	empty := filepath.Join(t.TempDir(), "new.csv")
	r = runCLI(t, env, "export", "-o", empty, "--quiet")
	assert.Equal(t, exitOK, r.code, "a new file loses nothing: %s", r.stderr)
}

func TestMapOutReplacesOnlyAnIDMapOfAnImportIntoTheSameStore(t *testing.T) {
	a, aEnv := newSandbox(t)
	b, bEnv := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	customers := writeFile(t, "customers.csv", "source_id,target_id\n1,101\n2,102\n3,103\n")

	r := runCLI(t, aEnv, "import", file, "--map-out", customers, "--quiet") // meant: --customer-map
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "is an existing file that is not an id map an import wrote")
	assert.Equal(t, "source_id,target_id\n1,101\n2,102\n3,103\n", fileContent(t, customers))
	assert.Zero(t, a.Stats().Requests)

	r = runCLI(t, aEnv, "import", file, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	idmap := fileContent(t, file+".idmap.csv")
	assert.Contains(t, idmap, "# paymenttokens: token id map of an import into the store ")

	r = runCLI(t, bEnv, "import", file, "--journal", file+".b.journal", "--quiet")
	assert.Equal(t, exitUsage, r.code, "another store's id map: %s", r.stderr)
	assert.Contains(t, r.stderr, "is the id map of an import into another store")
	assert.Equal(t, idmap, fileContent(t, file+".idmap.csv"))
	assert.Zero(t, b.Stats().Requests)

	r = runCLI(t, aEnv, "import", file, "--quiet")
	require.Equal(t, exitOK, r.code, "its own map, for the same store: %s", r.stderr)

	r = runCLI(t, bEnv, "import", file, "--journal", file+".b.journal", "--customer-map", file+".idmap.csv", "--map-out", file+".b.csv", "--quiet")
	require.Equal(t, exitOK, r.code, "a map the import wrote reads as a map: %s", r.stderr)
}
