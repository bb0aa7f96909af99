//go:build unix

package migrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The store's lock is held once; a link planted at its path in the shared
// folder is refused and its target left as it was.
func TestTheStoresLockIsHeldOnceAndNeverFollowsALink(t *testing.T) {
	digest := filepath.Base(t.TempDir()) // a store of this test's own
	held, err := lockStore(digest, true)
	require.NoError(t, err)
	require.NotNil(t, held)
	_, err = lockStore(digest, false)
	require.ErrorIs(t, err, ErrStoreBusy, "a dry run sees it held")
	releaseStore(held)
	assert.NoFileExists(t, storeLockPath(digest), "removed on release: lock files do not pile up")
	again, err := lockStore(digest, true)
	require.NoError(t, err, "released with its file")
	releaseStore(again)

	precious := filepath.Join(t.TempDir(), "precious.env")
	require.NoError(t, os.WriteFile(precious, []byte("keep me\n"), 0o600))
	planted := "planted-" + digest
	require.NoError(t, os.Symlink(precious, storeLockPath(planted)))
	t.Cleanup(func() { _ = os.Remove(storeLockPath(planted)) })
	_, err = lockStore(planted, true)
	require.ErrorIs(t, err, ErrPathRefused)
	got, err := os.ReadFile(precious)
	require.NoError(t, err)
	assert.Equal(t, "keep me\n", string(got))
}
