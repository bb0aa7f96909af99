package migrate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

func TestWriteFileAtomicReplacesTheFileWholeAndLeavesNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".report.json.123.tmp"), []byte("left by a killed run"), 0o600))
	require.NoError(t, migrate.WriteFileAtomic(path, []byte("first")))
	require.NoError(t, migrate.WriteFileAtomic(path, []byte("second")))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "second", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "the killed run's temporary file is swept")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	assert.Error(t, migrate.WriteFileAtomic(filepath.Join(dir, "missing", "x.json"), []byte("x")), "a folder that does not exist")
}
