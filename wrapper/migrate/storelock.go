package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/filelock"
)

// ErrStoreBusy is matched by the error Import returns, before any request,
// when another import into the same store runs on this machine, whatever
// its journal: two imports at once cannot see each other's creates, and
// would create the same tokens twice.
var ErrStoreBusy = errors.New("another import into this store is running")

// storeLockDir is the folder of the stores' locks: one place for every
// run on this machine, whatever its environment says (HOME, XDG_CACHE_HOME,
// TMPDIR or sudo change those, and two runs would not see each other).
func storeLockDir() string {
	if runtime.GOOS == "windows" {
		return filepath.Join(os.TempDir(), "paymenttokens-locks") // per user; no sudo there
	}
	return "/tmp/paymenttokens-locks"
}

// storeLockPath is where the lock of the store with digest lives.
func storeLockPath(digest string) string {
	return filepath.Join(storeLockDir(), "store-"+digest+".lock")
}

// lockStore takes the store's lock for the run (releaseStore ends it). The
// lock dies with the process; the empty file is removed on release where
// the system allows it under the lock. Nothing is ever written to it: the
// folder is shared by every user, so a path there must never lead to a
// file of someone else. A dry run (hold
// false) only checks that no import holds it. It returns the locked file,
// nil when none was taken.
func lockStore(digest string, hold bool) (*os.File, error) {
	path := storeLockPath(digest)
	refuse := func(err error) (*os.File, error) {
		return nil, fmt.Errorf("paymenttokens: %w: the store's lock %s cannot be taken (%v); it keeps two imports into one store from running at once: remove it if it is not a plain file, or give %s to this user",
			ErrPathRefused, path, err, storeLockDir())
	}
	if err := os.MkdirAll(storeLockDir(), 0o777); err != nil {
		return refuse(err)
	}
	_ = os.Chmod(storeLockDir(), 0o777|fs.ModeSticky) // shared by every user, as /tmp; only its maker can change it
	f, state, err := filelock.OpenLocked(func() (*os.File, error) { return openLockFile(path) })
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		_ = f.Close()
		return nil, nil // a system without locks: the journal's checks remain
	case err != nil:
		return refuse(err)
	case state == filelock.Busy:
		return nil, fmt.Errorf("paymenttokens: %w on this machine: two imports into one store at once would create the same tokens twice; wait for it to end (or stop it), then run again", ErrStoreBusy)
	case !hold:
		releaseStore(f)
		return nil, nil
	}
	return f, nil
}

// openLockFile opens the lock file at path, never through a symbolic link,
// making it readable by every user (who lock it read-only).
func openLockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY|filelock.NoFollow, 0o644)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	_ = f.Chmod(0o644) // against a umask of 077; only its owner can, and needs to
	return f, nil
}

// releaseStore ends the lock lockStore took: the file is removed while
// still locked (a run that opened it meanwhile finds it gone and opens the
// new one), where the system allows; else it is only closed, and stays.
func releaseStore(f *os.File) {
	if filelock.MoveWhileOpen {
		filelock.RemoveLocked(f)
		return
	}
	_ = f.Close()
}
