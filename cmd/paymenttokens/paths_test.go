package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnsafeJournalAndIDMapPathsAreRefusedBeforeAnyRequest points --journal
// and --map-out at files they must not write, spelled in every way, and
// checks that each run exits 2 naming the problem, sends no request, and
// leaves every file as it was without adding one.
func TestUnsafeJournalAndIDMapPathsAreRefusedBeforeAnyRequest(t *testing.T) {
	sb, env := newSandbox(t)
	dir := t.TempDir()
	t.Chdir(dir)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	require.NoError(t, os.Rename(file, filepath.Join(dir, "tokens.jsonl")))
	for name, content := range map[string]string{
		"customers.csv": "source_id,target_id\n1,1\n",
		"orders.csv":    "source_id,target_id\n",
		"notes.txt":     "my notes\n",
		"other.jsonl":   `{"GatewayID":1,"PaymentProfileID":"a"}` + "\n",
		"half.journal":  `{"op":"begin","store":"ab`,
	} {
		require.NoError(t, os.WriteFile(name, []byte(content), 0o600))
	}
	require.NoError(t, os.Symlink("tokens.jsonl", "link.jsonl"))
	require.NoError(t, os.Mkdir("sub", 0o700))
	require.NoError(t, os.Symlink(dir, "linkdir"))
	abs := filepath.Join(dir, "tokens.jsonl")

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"journal is the file", []string{"--journal", "tokens.jsonl"}, "the journal tokens.jsonl is the token file being imported"},
		{"journal is the file, absolute", []string{"--journal", abs}, "the journal " + abs + " is the token file being imported"},
		{"journal is the file, through a symlink", []string{"--journal", "link.jsonl"}, "is the token file being imported"},
		{"journal is the file, spelled round about", []string{"--journal", "sub/../tokens.jsonl"}, "is the token file being imported"},
		{"journal is a map", []string{"--journal", "customers.csv"}, "the journal customers.csv is customers.csv, a file the import reads"},
		{"journal is not a journal", []string{"--journal", "notes.txt"}, "notes.txt is not a journal of this tool: its first line is not the begin record"},
		{"journal holds half a first record", []string{"--journal", "half.journal"}, "half.journal is not a journal of this tool"},
		{"journal is a folder", []string{"--journal", "sub"}, "the journal sub is not a regular file"},
		{"journal in a missing folder", []string{"--journal", "missing/j"}, "the journal missing/j cannot be written"},
		{"id map is the file", []string{"--map-out", "./tokens.jsonl"}, "the id map ./tokens.jsonl is the token file being imported"},
		{"id map is another token file", []string{"--map-out", "other.jsonl"}, "the id map other.jsonl is an existing file that is not an id map an import wrote (its first line is not \"# paymenttokens: token id map of an import into the store …\"); a customer or order map, or any other file, is never replaced"},
		{"id map is a map", []string{"--map-out", "orders.csv"}, "the id map orders.csv is orders.csv, a file the import reads"},
		{"id map in a file", []string{"--map-out", "tokens.jsonl/ids.csv"}, "the id map tokens.jsonl/ids.csv cannot be used (not a directory)"},
		{"id map in a missing folder", []string{"--map-out", "missing/ids.csv"}, "the id map's folder cannot be written (no such file or directory)"},
		{"journal and id map are one new file", []string{"--journal", "new.out", "--map-out", "sub/../new.out"}, "the id map sub/../new.out is the same file as the journal new.out"},
		{"journal and id map are one new file through a symlinked folder", []string{"--journal", "linkdir/new.out", "--map-out", filepath.Join(dir, "NEW.out")}, "is the same file as the journal linkdir/new.out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, dir)
			requests := sb.Stats().Requests
			args := append([]string{"import", "tokens.jsonl", "--customer-map", "customers.csv", "--order-map", "orders.csv", "--quiet"}, tc.args...)
			for _, dry := range []bool{false, true} {
				r := runCLI(t, env, append(args, "--dry-run="+map[bool]string{false: "false", true: "true"}[dry])...)
				assert.Equal(t, exitUsage, r.code, "dry run %v: %s", dry, r.stderr)
				assert.Contains(t, r.stderr, tc.want, "dry run %v", dry)
				assert.True(t, strings.HasPrefix(r.stderr, "paymenttokens import: "), r.stderr)
				assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
				assert.Empty(t, r.stdout)
				assert.Equal(t, before, snapshot(t, dir), "dry run %v: every file as it was, and no new one", dry)
			}
			assert.Equal(t, requests, sb.Stats().Requests, "no request")
		})
	}
}

// export -o writes through a symbolic link and keeps it; a device, a folder
// or a link to one is refused before any request, and "-o -" is stdout.
func TestExportOutputThroughALinkAndNeverOverADevice(t *testing.T) {
	sb, env := newSandbox(t, seedTokens(3)...)
	dir := t.TempDir()
	target := filepath.Join(dir, "out.jsonl")
	require.NoError(t, os.WriteFile(target, nil, 0o600))
	link := filepath.Join(dir, "link.jsonl")
	require.NoError(t, os.Symlink("out.jsonl", link))
	r := runCLI(t, env, "export", "-o", link, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 3, lineCount(readFile(t, target)))
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")

	toStdout := filepath.Join(dir, "stdout.jsonl")
	require.NoError(t, os.Symlink("/dev/stdout", toStdout))
	envFile := filepath.Join(dir, "new.env")
	require.NoError(t, os.WriteFile(envFile, []byte(envPrivateKey+"=k\n"), 0o600))
	requests := sb.Stats().Requests
	for path, want := range map[string]string{
		"/dev/stdout": "writing /dev/stdout: it names a file of the system", toStdout: "writing " + toStdout + ": it leads to /dev/stdout, which names a file of the system",
		dir: "writing " + dir + ": it is a folder", envFile: envFile + " exists and is not a token file in jsonl",
	} {
		r := runCLI(t, env, "export", "-o", path, "--quiet")
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "paymenttokens export: --output: path refused: "+want)
	}
	assert.Equal(t, envPrivateKey+"=k\n", readFile(t, envFile), "left as it was")
	assert.Equal(t, requests, sb.Stats().Requests, "refused before any request")

	r = runCLI(t, env, "export", "-o", "-", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 3, lineCount(r.stdout))
	assert.NoFileExists(t, "-")
}

// readFile returns the content of path.
func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
