package safefile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

func TestWriteFileReplacesTheFileWholeAndLeavesNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".report.json.123.tmp"), []byte("left by a killed run"), 0o600))
	require.NoError(t, safefile.WriteFile(path, []byte("first")))
	require.NoError(t, safefile.WriteFile(path, []byte("second")))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "second", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "the killed run's temporary file is swept")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	assert.Error(t, safefile.WriteFile(filepath.Join(dir, "missing", "x.json"), []byte("x")), "a folder that does not exist")
}

// A write through a symbolic link replaces the file it leads to and keeps
// the link; a path that is not a regular file, or leads to none, is refused
// and left as it is.
func TestWriteFileFollowsLinksAndRefusesWhatIsNotAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "real"), 0o700))
	target := filepath.Join(dir, "real", "out.jsonl")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
	link := filepath.Join(dir, "link.jsonl")
	require.NoError(t, os.Symlink(filepath.Join("real", "out.jsonl"), link))
	chain := filepath.Join(dir, "chain.jsonl")
	require.NoError(t, os.Symlink("link.jsonl", chain))

	require.NoError(t, safefile.WriteFile(chain, []byte("new")))
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	for _, l := range []string{link, chain} {
		info, err := os.Lstat(l)
		require.NoError(t, err)
		assert.NotZero(t, info.Mode()&os.ModeSymlink, "%s is still a link", l)
	}

	toStdout := filepath.Join(dir, "stdout.jsonl")
	require.NoError(t, os.Symlink("/dev/stdout", toStdout))
	dangling := filepath.Join(dir, "dangling.jsonl")
	require.NoError(t, os.Symlink("nowhere.jsonl", dangling))
	for path, want := range map[string]string{
		"/dev/null":                "it names a file of the system (/dev, /proc)",
		"/dev/stdout":              "it names a file of the system (/dev, /proc)",
		toStdout:                   "it leads to /dev/stdout, which names a file of the system (/dev, /proc)",
		filepath.Join(dir, "real"): "it is a folder, not a regular file",
		dangling:                   "", // its target does not exist: it is created
	} {
		err := safefile.WriteFile(path, []byte("x"))
		if want == "" {
			require.NoError(t, err, path)
			continue
		}
		require.ErrorIs(t, err, safefile.ErrRefused, path)
		assert.Contains(t, err.Error(), want, path)
	}
	created, err := os.ReadFile(filepath.Join(dir, "nowhere.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(created), "a link to a file yet to be made writes that file")
}

// A link's relative target is taken from the folder the link really is in
// (through linked folders), and a linked folder that leads under /dev is
// refused like /dev itself.
func TestWriteFileResolvesLinksFromTheirRealFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "deep", "sub"), 0o700))
	require.NoError(t, os.Symlink(filepath.Join("deep", "sub"), filepath.Join(dir, "sublink")))
	require.NoError(t, os.Symlink(filepath.Join("..", "x.jsonl"), filepath.Join(dir, "deep", "sub", "rel.jsonl")))
	require.NoError(t, safefile.WriteFile(filepath.Join(dir, "sublink", "rel.jsonl"), []byte("new")))
	got, err := os.ReadFile(filepath.Join(dir, "deep", "x.jsonl"))
	require.NoError(t, err, "the file the link leads to")
	assert.Equal(t, "new", string(got))
	assert.NoFileExists(t, filepath.Join(dir, "x.jsonl"))

	require.NoError(t, os.Symlink("/dev", filepath.Join(dir, "devlink")))
	err = safefile.WriteFile(filepath.Join(dir, "devlink", "newfile"), []byte("x"))
	require.ErrorIs(t, err, safefile.ErrRefused)
	assert.Contains(t, err.Error(), "names a file of the system")
}
