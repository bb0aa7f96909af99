package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/filelock"
)

// ErrStoreBusy is matched by the error Import returns, before any request,
// when another import into the same store runs on this machine, whatever
// its journal: two imports at once cannot see each other's creates, and
// would create the same tokens twice.
var ErrStoreBusy = errors.New("another import into this store is running")

// storeLockPath is where the lock of the store with digest lives: in the
// user's cache folder (else the temporary folder), shared by every run of
// this user.
func storeLockPath(digest string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "paymenttokens", "store-"+digest+".lock")
}

// lockStore takes the store's lock for the run and writes this run's pid
// into it, for the message of a run it refuses. The lock dies with the
// process; the small file stays. A dry run (hold false) only checks that
// no import holds it. It returns the locked file, nil when none was taken.
func lockStore(digest string, hold bool) (*os.File, error) {
	path := storeLockPath(digest)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil // no lock where the cache folder cannot be made
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, nil
	}
	state, err := filelock.Lock(f)
	switch {
	case err != nil:
		_ = f.Close()
		return nil, nil // a system without locks: the journal's checks remain
	case state == filelock.Busy:
		data, _ := os.ReadFile(path)
		_ = f.Close()
		who := ""
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			who = fmt.Sprintf(" (pid %d)", pid)
		}
		return nil, fmt.Errorf("paymenttokens: %w on this machine%s: two imports into one store at once would create the same tokens twice; wait for it to end (or stop it), then run again", ErrStoreBusy, who)
	}
	if !hold {
		_ = f.Close()
		return nil, nil
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}
