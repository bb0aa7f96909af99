package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// paddedFile writes tokens 1 and 2, then blank lines past the write pass's
// first chunk, then tokens 3 and 4, as JSON Lines. It returns the
// path, the bytes, and the lines of the four tokens.
func paddedFile(t *testing.T) (path string, data []byte, lines [][]byte) {
	t.Helper()
	var buf bytes.Buffer
	w, err := tokenfile.NewWriter(&buf, tokenfile.JSONL)
	require.NoError(t, err)
	for _, tok := range tokens(1, 4) {
		require.NoError(t, w.Write(tok))
	}
	require.NoError(t, w.Flush())
	lines = bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	lines = lines[:len(lines)-1] // each ends with its line break
	require.Len(t, lines, 4)
	blank := append(bytes.Repeat([]byte(" "), 1023), '\n')
	padding := bytes.Repeat(blank, (migrate.ChunkBytes+migrate.ChunkBytes/2)/len(blank))
	data = bytes.Join([][]byte{lines[0], lines[1], padding, lines[2], lines[3]}, nil)
	return writeText(t, "tokens.jsonl", string(data)), data, lines
}

// atFirstCreate runs change once, while the sandbox handles the first
// create: with one create in flight, the write pass has read no further
// than its first chunk (it waits to hand over the second token).
func atFirstCreate(change func()) sandbox.FaultFunc {
	var once sync.Once
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			once.Do(change)
		}
		return nil
	}
}

// sameTimes gives path the modification time it had before, as an editor
// or a copy that keeps times would.
func sameTimes(t *testing.T, path string, before os.FileInfo) {
	t.Helper()
	require.NoError(t, os.Chtimes(path, before.ModTime(), before.ModTime()))
}

func TestAFileChangedDuringTheImportStopsItBeforeAnyTokenReadAfterTheChange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, path string, data []byte, lines [][]byte)
		how    string
	}{
		{"a duplicate key appended", func(t *testing.T, path string, _ []byte, lines [][]byte) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			require.NoError(t, err)
			_, err = f.Write(lines[0]) // token 1's key, which the run created already
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}, "bytes long now"},
		{"rewritten in place, same size and time", func(t *testing.T, path string, data []byte, lines [][]byte) {
			before, err := os.Stat(path)
			require.NoError(t, err)
			// Token 3's line becomes token 1's: as long, and a key the run created already.
			changed := bytes.Replace(data, lines[2], lines[0], 1)
			require.Len(t, changed, len(data))
			require.NoError(t, os.WriteFile(path, changed, 0o600))
			sameTimes(t, path, before)
		}, "differ from those checked"},
		{"swapped for a file of the same size and time", func(t *testing.T, path string, data []byte, lines [][]byte) {
			before, err := os.Stat(path)
			require.NoError(t, err)
			other := filepath.Join(filepath.Dir(path), "other.jsonl")
			require.NoError(t, os.WriteFile(other, bytes.Replace(data, lines[2], lines[0], 1), 0o600))
			sameTimes(t, other, before)
			require.NoError(t, os.Rename(other, path))
		}, "replaced by another file"},
		{"truncated", func(t *testing.T, path string, data []byte, lines [][]byte) {
			require.NoError(t, os.Truncate(path, int64(len(data)-len(lines[3])-10))) // in the middle of token 3
		}, "bytes long now"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, data, lines := paddedFile(t)
			s := newStore(t, atFirstCreate(func() { tc.change(t, path, data, lines) }))
			opts := migrate.ImportOptions{Journal: filepath.Join(t.TempDir(), "j"), Concurrency: 1}

			res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, opts)
			require.ErrorIs(t, err, migrate.ErrSourceChanged)
			var input *tokenfile.InputError
			var dup *tokenfile.DuplicateKeyError
			assert.False(t, errors.As(err, &input) || errors.As(err, &dup), "a change found while writing is no defect of the file found before: %v", err)
			assert.False(t, errors.Is(err, context.Canceled), "%v", err)
			for _, want := range []string{path + ": the token file changed while it was being read: ", tc.how,
				"no token read after the change was written", "Put the file back as it was when the import began and run the same import again, with the same journal"} {
				assert.Contains(t, err.Error(), want)
			}
			assert.Equal(t, 1, strings.Count(err.Error(), "paymenttokens: "), err.Error())
			require.NotNil(t, res)
			assert.Equal(t, 2, res.Created, "the tokens read before the change")
			requireHolds(t, s.sb, tokens(1, 2)) // each once: nothing read after the change was written

			// The file put back as it was checked: the same journal resumes the import.
			require.NoError(t, os.WriteFile(path, data, 0o600))
			res, err = migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, opts)
			require.NoError(t, err)
			assert.Equal(t, 2, res.Created)
			assert.Equal(t, 2, res.Unchanged)
			assert.Equal(t, 4, s.n.count(http.MethodPost), "every token sent once")
			requireHolds(t, s.sb, tokens(1, 4))
		})
	}
}
