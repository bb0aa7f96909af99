//go:build unix

package migrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The store's locks are held once; runs sharing one place conflict; a link
// planted at a lock's path is refused and its target left as it was.
func TestTheStoresLockIsHeldOnceAndNeverFollowsALink(t *testing.T) {
	UseLockRoot(t, t.TempDir())
	held, err := lockStore([]string{"a", "b"}, true)
	require.NoError(t, err)
	require.Len(t, held, 2)
	_, err = lockStore([]string{"a", "b"}, false)
	require.ErrorIs(t, err, ErrStoreBusy, "a dry run sees it held")
	_, err = lockStore([]string{"b", "c"}, true)
	require.ErrorIs(t, err, ErrStoreBusy, "a run sharing one place with it is refused")
	assert.NoFileExists(t, storeLockPath("c"), "a refused run leaves no lock behind")
	other, err := lockStore([]string{"c"}, true)
	require.NoError(t, err, "a store of other places is free")
	other.release()
	held.release()
	assert.NoFileExists(t, storeLockPath("a"), "removed on release: lock files do not pile up")
	again, err := lockStore([]string{"b", "a"}, true)
	require.NoError(t, err, "released with its files")
	again.release()

	precious := filepath.Join(t.TempDir(), "precious.env")
	require.NoError(t, os.WriteFile(precious, []byte("keep me\n"), 0o600))
	require.NoError(t, os.Symlink(precious, storeLockPath("planted")))
	_, err = lockStore([]string{"planted"}, true)
	require.ErrorIs(t, err, ErrPathRefused)
	got, err := os.ReadFile(precious)
	require.NoError(t, err)
	assert.Equal(t, "keep me\n", string(got))
}
