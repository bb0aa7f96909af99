package main

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// holdLimit bounds how long a test waits for a run to reach a point.
const holdLimit = 10 * time.Second

// holdFirstCreate returns a fault that reports on held when the first
// create arrives (the run sending it is then in the middle of its import,
// holding its journal) and holds it until release is closed (at most
// holdLimit); then it answers 503 without creating the token.
func holdFirstCreate(held chan<- struct{}, release <-chan struct{}) sandbox.FaultFunc {
	var posts atomic.Int32
	return func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost || posts.Add(1) != 1 {
			return nil
		}
		held <- struct{}{}
		select {
		case <-release:
		case <-time.After(holdLimit):
		}
		return &sandbox.Fault{Status: http.StatusServiceUnavailable}
	}
}

// waitFor waits (bounded) for a signal on ch.
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(holdLimit):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestASecondImportOnALockedJournalIsRefusedAtOnce(t *testing.T) {
	held, release := make(chan struct{}, 1), make(chan struct{})
	sb, env, quiesce := countedSandbox(t, holdFirstCreate(held, release))
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	journal := file + ".journal"

	ctx, stop := context.WithCancel(t.Context())
	first := make(chan result, 1)
	go func() { first <- runCLICtx(ctx, env, "import", file, "--quiet", "--concurrency", "1") }()
	finish := sync.OnceValue(func() result { stop(); close(release); return <-first })
	defer finish() // the first import ends before the sandbox closes, whatever fails
	waitFor(t, held, "the first import's first create")

	before := snapshot(t, filepath.Dir(file))
	requests := sb.Stats().Requests
	began := time.Now()
	t.Chdir(filepath.Dir(file))
	for _, args := range [][]string{
		{"--journal", journal}, {"--journal", "./" + filepath.Base(journal)},
		{"--dry-run"}, // it says now what the real run would meet
	} {
		r := runCLI(t, env, append([]string{"import", file, "--quiet"}, args...)...)
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "the journal is locked by another import: ")
		assert.Contains(t, r.stderr, "is in use by another run of the import (pid "+strconv.Itoa(os.Getpid())+", started ")
		assert.Contains(t, r.stderr, filepath.Base(journal))
		assert.Equal(t, 1, lineCount(r.stderr), r.stderr)
	}
	assert.Less(t, time.Since(began), holdLimit/2, "refused at once, not after the first import")
	assert.Equal(t, requests, sb.Stats().Requests, "the refused imports sent no request")
	assert.Equal(t, before, snapshot(t, filepath.Dir(file)), "nor wrote a file")

	r := finish()
	assert.Equal(t, exitInterrupted, r.code, "interrupted: %s", r.stderr)
	quiesce()
	assert.EqualValues(t, 1, sb.Stats().ByMethod[http.MethodPost])

	// The held create was answered 503: its outcome is settled after a window.
	r = runCLI(t, env, "import", file, "--json", "--quiet", "--settle", "100ms")
	require.Equal(t, exitOK, r.code, "the lock ended with its run: %s", r.stderr)
	assert.Len(t, sb.Tokens(), 5)
}

func TestTheLockOfAKilledImportDoesNotBlockTheNextOne(t *testing.T) {
	bin := buildBinary(t)
	held, release := make(chan struct{}, 1), make(chan struct{})
	sb, env, quiesce := countedSandbox(t, holdFirstCreate(held, release))
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))

	ctx, cancel := context.WithTimeout(t.Context(), holdLimit)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "import", file, "--quiet", "--rate", "0", "--concurrency", "1")
	cmd.Env = []string{envSecureURL + "=" + env[envSecureURL], envPrivateKey + "=" + env[envPrivateKey], envToken + "=" + env[envToken], envBaseURL + "=" + env[envBaseURL]}
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	free := sync.OnceFunc(func() { close(release) })
	defer free()
	waitFor(t, held, "the killed import's first create")
	temps, err := filepath.Glob(filepath.Join(filepath.Dir(file), ".tokens.jsonl.idmap.csv.*.tmp"))
	require.NoError(t, err)
	require.Len(t, temps, 1, "the run writes its id map into a temporary file")
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	require.Error(t, cmd.Wait(), "killed\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	free()
	quiesce()
	assert.FileExists(t, temps[0], "a killed run leaves its temporary file")

	r := runCLI(t, env, "import", file, "--json", "--quiet", "--settle", "100ms")
	require.Equal(t, exitOK, r.code, "a dead run's lock does not block: %s", r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 5}, counts, "the held create was never applied")
	assert.Len(t, sb.Tokens(), 5)
	assert.NoFileExists(t, temps[0], "the next run removes what the killed one left")
	left, err := filepath.Glob(filepath.Join(filepath.Dir(file), ".*.tmp"))
	require.NoError(t, err)
	assert.Empty(t, left)
}

// lineCount counts the lines of out.
func lineCount(out string) int { return bytes.Count([]byte(out), []byte("\n")) }

// Two imports into one store at once, each with its own journal, would
// both create every token: the second is refused at once, before any
// request, and leaves no file behind; its dry run says the same.
func TestASecondImportIntoTheSameStoreIsRefusedWhateverItsJournal(t *testing.T) {
	held, release := make(chan struct{}, 1), make(chan struct{})
	sb, env, quiesce := countedSandbox(t, holdFirstCreate(held, release))
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	copyDir := t.TempDir()
	copied := filepath.Join(copyDir, "tokens.jsonl")
	require.NoError(t, os.WriteFile(copied, []byte(readFile(t, file)), 0o600))

	ctx, stop := context.WithCancel(t.Context())
	first := make(chan result, 1)
	go func() { first <- runCLICtx(ctx, env, "import", file, "--quiet", "--concurrency", "1") }()
	finish := sync.OnceValue(func() result { stop(); close(release); return <-first })
	defer finish()
	waitFor(t, held, "the first import's first create")

	requests := sb.Stats().Requests
	t.Setenv("HOME", t.TempDir()) // as sudo or another shell would: the lock does not depend on them
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("TMPDIR", t.TempDir())
	for _, base := range []string{ // one store, however its API's host and path are spelled
		env[envBaseURL] + "/.",
		strings.Replace(env[envBaseURL], "127.0.0.1", "localhost", 1),
		strings.Replace(env[envBaseURL], "127.0.0.1", "[::ffff:127.0.0.1]", 1),
	} {
		spelled := maps.Clone(env)
		spelled[envBaseURL] = base
		for _, dry := range []string{"--dry-run=false", "--dry-run=true"} {
			r := runCLI(t, spelled, "import", copied, "--quiet", dry)
			assert.Equal(t, exitUsage, r.code, "%s %s: %s", base, dry, r.stderr)
			assert.Contains(t, r.stderr, "paymenttokens import: another import into this store is running on this machine: two imports into one store at once would create the same tokens twice")
		}
	}
	assert.Equal(t, requests, sb.Stats().Requests, "refused before any request")
	entries, err := os.ReadDir(copyDir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no journal, id map or temporary file left beside the copy")

	assert.Equal(t, exitInterrupted, finish().code)
	quiesce()
	assert.EqualValues(t, 1, sb.Stats().ByMethod[http.MethodPost])
	r := runCLI(t, env, "import", copied, "--quiet", "--settle", "100ms")
	require.Equal(t, exitOK, r.code, "the store's lock ended with its run: %s", r.stderr)
	assert.Len(t, sb.Tokens(), 5)
}
