//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A named pipe given for any input file is refused before it is opened
// (opening one blocks until a writer comes), before any request.
func TestANamedPipeIsRefusedAsEveryInput(t *testing.T) {
	sb, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(2))
	fifo := filepath.Join(t.TempDir(), "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, args := range [][]string{
		{"import", fifo, "--format", "jsonl"},
		{"diff", fifo, "--format", "jsonl"},
		{"import", file, "--customer-map", fifo},
		{"import", file, "--order-map", fifo},
		{"import", file, "--probe", fifo},
		{"export", "--env-file", fifo},
	} {
		r := runCLI(t, env, append(args, "--quiet")...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, fifo+" is not a regular file (a named pipe or a device); give a file", args)
	}
	for _, args := range [][]string{
		{"probe", "--out", fifo},
		{"probe", "--journal", fifo},
		{"probe", "--write", "--journal", fifo},
	} {
		r := runCLI(t, env, append(args, "--quiet")...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, fifo, args)
	}
	assert.Zero(t, sb.Stats().Requests)
}
