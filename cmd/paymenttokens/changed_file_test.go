package main

import (
	"bytes"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// keysOnce fails when a key is held twice by ts, and returns how many keys they hold.
func keysOnce(t *testing.T, ts []wrapper.PaymentToken) int {
	t.Helper()
	seen := map[string]bool{}
	for _, tok := range ts {
		assert.False(t, seen[tok.PaymentProfileID], "the key %s is held twice", tok.PaymentProfileID)
		seen[tok.PaymentProfileID] = true
	}
	return len(seen)
}

// readBytes returns the content of the file at path.
func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func TestATokenFileAppendedDuringTheImportExits3AndNothingIsCreatedTwice(t *testing.T) {
	// Tokens 1 and 2, blank lines past the first chunks the import verifies
	// (1 MiB each), then tokens 3 and 4: the run is still on its first chunk
	// while it creates token 1.
	rows := bytes.SplitAfter(readBytes(t, writeTokensFile(t, "tokens.csv", seedTokens(4))), []byte("\n"))
	require.Len(t, rows, 6, "a header, four rows and nothing after the last line break")
	file := writeFile(t, "tokens.csv", string(bytes.Join([][]byte{rows[0], rows[1], rows[2], bytes.Repeat([]byte("\n"), 3<<20), rows[3], rows[4]}, nil)))
	original := readBytes(t, file)
	var once sync.Once
	sb, env, quiesce := countedSandbox(t, func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			once.Do(func() { // append token 1 again: a duplicate key the check pass never saw
				f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
				if err == nil {
					_, _ = f.Write(rows[1])
					_ = f.Close()
				}
			})
		}
		return nil
	})

	r := runCLI(t, env, "import", file, "--quiet", "--concurrency", "1")
	assert.Equal(t, exitIncomplete, r.code, r.stderr)
	assert.Equal(t, 1, lineCount(r.stderr), r.stderr)
	for _, want := range []string{"paymenttokens import: " + file + ": the token file changed while it was being read: it is ",
		"no token read after the change was written", "Put the file back as it was when the import began and run the same import again, with the same journal"} {
		assert.Contains(t, r.stderr, want)
	}
	quiesce()
	assert.Equal(t, len(sb.Tokens()), keysOnce(t, sb.Tokens()), "no token created twice")
	assert.Less(t, len(sb.Tokens()), 4, "the run stopped before the end of the file")

	// With the file as it was checked, the same command finishes the import.
	require.NoError(t, os.WriteFile(file, original, 0o600))
	r = runCLI(t, env, "import", file, "--quiet", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, 4, counts.Created+counts.Unchanged)
	assert.Equal(t, 4, keysOnce(t, sb.Tokens()), "every token once")
	assert.Len(t, sb.Tokens(), 4)
}
