//go:build unix

package migrate_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// importBounded runs an import (a dry run when dry) and returns its error,
// failing the test when it has not returned within holdLimit; unblock then
// frees what it hangs on.
func importBounded(t *testing.T, s *store, dry bool, unblock func()) error {
	t.Helper()
	path := writeTokens(t, "t.jsonl", tokens(1, 2))
	done := make(chan error, 1)
	go func() {
		_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{DryRun: dry})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(holdLimit):
		unblock()
		<-done
		t.Fatalf("the import (dry run %v) hung on its store's lock", dry)
		return nil
	}
}

// modeOf is the permission bits and type of the file at path, not followed.
func modeOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Lstat(path)
	require.NoError(t, err)
	return info.Mode()
}

// The folder of the store locks is this user's own: one planted as a link,
// made writable by others or owned by another user is refused before any
// request, and left as it was.
func TestTheFolderOfTheStoreLocksMustBeThisUsersOwn(t *testing.T) {
	plant := map[string]func(t *testing.T, dir string) (left string){
		"a symbolic link": func(t *testing.T, dir string) string {
			victim := t.TempDir()
			require.NoError(t, os.Chmod(victim, 0o755))
			require.NoError(t, os.Symlink(victim, dir))
			return victim
		},
		"writable by others": func(t *testing.T, dir string) string {
			require.NoError(t, os.Mkdir(dir, 0o700))
			require.NoError(t, os.Chmod(dir, 0o777))
			return dir
		},
	}
	if os.Geteuid() == 0 { // only root can give a folder to another user
		plant["another user's"] = func(t *testing.T, dir string) string {
			require.NoError(t, os.Mkdir(dir, 0o700))
			require.NoError(t, os.Chown(dir, 65534, 65534))
			return dir
		}
	}
	for name, plant := range plant {
		t.Run(name, func(t *testing.T) {
			migrate.UseLockRoot(t, t.TempDir())
			s := newStore(t, nil)
			left := plant(t, migrate.StoreLockDir())
			mode := modeOf(t, left)
			for _, dry := range []bool{false, true} {
				err := importBounded(t, s, dry, func() {})
				require.ErrorIs(t, err, migrate.ErrPathRefused)
				assert.ErrorContains(t, err, "the folder of this user's store locks cannot be used ("+migrate.StoreLockDir())
				assert.ErrorContains(t, err, "remove it (an administrator can when it is another user's) and run again")
			}
			assert.Zero(t, s.n.count("GET")+s.n.writes(), "refused before any request")
			assert.Equal(t, mode, modeOf(t, left), "left as it was")
			entries, err := os.ReadDir(left)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing made in it")
		})
	}
}

// A hard link or a named pipe at a lock's path is refused at once, before
// any request, and what it leads to is left as it was.
func TestALockThatIsNotAFileOfThisRunsOwnIsRefusedAtOnce(t *testing.T) {
	t.Run("a hard link", func(t *testing.T) {
		migrate.UseLockRoot(t, t.TempDir())
		s := newStore(t, nil)
		victim := filepath.Join(t.TempDir(), "precious.env")
		require.NoError(t, os.WriteFile(victim, []byte("keep me\n"), 0o600))
		require.NoError(t, os.Mkdir(migrate.StoreLockDir(), 0o700))
		for _, path := range migrate.StoreLockPaths(t.Context(), s.c) {
			require.NoError(t, os.Link(victim, path))
		}
		for _, dry := range []bool{false, true} {
			err := importBounded(t, s, dry, func() {})
			require.ErrorIs(t, err, migrate.ErrPathRefused)
			assert.ErrorContains(t, err, "has other names (hard links)")
		}
		assert.Equal(t, fs.FileMode(0o600), modeOf(t, victim), "never made readable by others")
		got, err := os.ReadFile(victim)
		require.NoError(t, err)
		assert.Equal(t, "keep me\n", string(got))
		assert.Zero(t, s.n.count("GET")+s.n.writes(), "refused before any request")
	})
	t.Run("a named pipe", func(t *testing.T) {
		migrate.UseLockRoot(t, t.TempDir())
		s := newStore(t, nil)
		require.NoError(t, os.Mkdir(migrate.StoreLockDir(), 0o700))
		paths := migrate.StoreLockPaths(t.Context(), s.c)
		for _, path := range paths {
			require.NoError(t, syscall.Mkfifo(path, 0o600))
		}
		unblock := func() { // a writer ends the wait of an open for reading
			for _, path := range paths {
				if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					_ = f.Close()
				}
			}
		}
		for _, dry := range []bool{false, true} {
			err := importBounded(t, s, dry, unblock)
			require.ErrorIs(t, err, migrate.ErrPathRefused)
			assert.ErrorContains(t, err, "is not a regular file")
		}
		assert.Zero(t, s.n.count("GET")+s.n.writes(), "refused before any request")
	})
}
