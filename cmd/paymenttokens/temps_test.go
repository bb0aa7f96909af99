package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestAnExportRemovesTheTemporaryFilesOfKilledExportsOnly(t *testing.T) {
	var requests atomic.Int32
	held, release := make(chan struct{}, 1), make(chan struct{})
	_, env, _ := countedSandbox(t, func(r *http.Request) *sandbox.Fault {
		if requests.Add(1) == 1 { // the first export's first request waits
			held <- struct{}{}
			select {
			case <-release:
			case <-time.After(holdLimit):
			}
		}
		return nil
	}, seedTokens(4)...)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	first := make(chan result, 1)
	go func() { first <- runCLI(t, env, "export", "-o", out, "--quiet") }()
	finish := sync.OnceValue(func() result { close(release); return <-first })
	defer finish() // the first export ends before the sandbox closes, whatever fails
	waitFor(t, held, "the first export's first request")
	live, err := filepath.Glob(filepath.Join(dir, ".out.jsonl.*.tmp"))
	require.NoError(t, err)
	require.Len(t, live, 1, "the first export writes into a temporary file")

	stale := filepath.Join(dir, ".out.jsonl.123.tmp") // what a killed export left
	notOurs := []string{filepath.Join(dir, ".out.jsonl.backup.tmp"), filepath.Join(dir, ".other.jsonl.456.tmp")}
	for _, name := range append([]string{stale}, notOurs...) {
		require.NoError(t, os.WriteFile(name, []byte("partial"), 0o600))
	}

	r := runCLI(t, env, "export", "-o", out, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NoFileExists(t, stale, "removed: no live export holds it")
	for _, name := range notOurs {
		assert.FileExists(t, name, "not a temporary file of this export")
	}
	assert.FileExists(t, live[0], "held by a live export")
	r = finish()
	require.Equal(t, exitOK, r.code, "the live export's temporary file was left to it: %s", r.stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(data), "\n"))
	left, err := filepath.Glob(filepath.Join(dir, ".out.jsonl.*[0-9].tmp"))
	require.NoError(t, err)
	assert.Empty(t, left)
}
