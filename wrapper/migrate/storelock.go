package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
)

// lockRoot is where the folder of this user's store locks is made: /tmp,
// whatever the environment says (HOME, XDG_CACHE_HOME or TMPDIR change
// from one shell to another, and two runs would not see each other); on
// Windows the user's temporary folder, which is the user's own.
var lockRoot = defaultLockRoot()

// defaultLockRoot is lockRoot's value outside tests.
func defaultLockRoot() string {
	if runtime.GOOS == "windows" {
		return os.TempDir()
	}
	return "/tmp"
}

// storeLockDir is the folder of this user's store locks. It is per user,
// so that no other user can plant, steal or hold a lock there; the price:
// two imports into one store by two users of the machine are not seen by
// each other (a lease shared by every machine, in Redis, is planned).
func storeLockDir() string {
	if runtime.GOOS == "windows" {
		return filepath.Join(lockRoot, "paymenttokens-locks")
	}
	return filepath.Join(lockRoot, "paymenttokens-locks-"+strconv.Itoa(os.Geteuid()))
}

// storeLockPath is where the lock of the store's place with digest lives.
func storeLockPath(digest string) string {
	return filepath.Join(storeLockDir(), "store-"+digest+".lock")
}

// storeLock is the locks an import holds on its store: one per place the
// store is reached at (wrapper.Client.StorePlaces), so that two runs
// sharing a place conflict.
type storeLock []*os.File

// lockStore takes the locks of the store's places for the run (release
// ends them), in their order, so that of two runs sharing places one wins;
// a lock held elsewhere is refused at once, never waited for. A lock dies
// with its process; its empty file is removed on release where the system
// allows it under the lock. A dry run (hold false) only checks that no
// import holds them. It returns the locks taken, nil when none was.
func lockStore(places []string, hold bool) (storeLock, error) {
	if err := safefile.PrivateDir(storeLockDir()); err != nil {
		return nil, fmt.Errorf("paymenttokens: %w: the folder of this user's store locks cannot be used (%v); it keeps two imports into one store from running at once, and must be this user's own, a folder no other user can write: remove it (an administrator can when it is another user's) and run again",
			ErrPathRefused, err)
	}
	var held storeLock
	for _, place := range slices.Sorted(slices.Values(places)) {
		path := storeLockPath(place)
		f, state, err := safefile.OpenLocked(func() (*os.File, error) { return safefile.OpenOwn(path) })
		switch {
		case errors.Is(err, errors.ErrUnsupported):
			_ = f.Close()
			held.release()
			return nil, nil // a system without locks: the journal's checks remain
		case err != nil:
			held.release()
			return nil, fmt.Errorf("paymenttokens: %w: the store's lock %s cannot be taken (%v); it keeps two imports into one store from running at once: remove it and run again",
				ErrPathRefused, path, err)
		case state == safefile.Busy:
			held.release()
			return nil, fmt.Errorf("paymenttokens: %w on this machine: two imports into one store at once would create the same tokens twice; wait for it to end (or stop it), then run again", ErrStoreBusy)
		}
		held = append(held, f)
	}
	if !hold {
		held.release()
		return nil, nil
	}
	return held, nil
}

// release ends the locks lockStore took: each file is removed while still
// locked (a run that opened it meanwhile finds it gone and opens the new
// one), where the system allows; else it is only closed, and stays.
func (l storeLock) release() {
	for _, f := range l {
		if safefile.MoveWhileOpen {
			safefile.RemoveLocked(f)
		} else {
			_ = f.Close()
		}
	}
}
