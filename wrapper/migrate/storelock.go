package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

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

// lockStore takes the store's lock for the run and writes this run's pid
// into it, for the message of a run it refuses. The lock dies with the
// process; the small file stays (one per store ever imported into). A dry run (hold false) only checks that
// no import holds it. It returns the locked file, nil when none was taken.
func lockStore(digest string, hold bool) (*os.File, error) {
	path := storeLockPath(digest)
	refuse := func(err error) (*os.File, error) {
		return nil, fmt.Errorf("paymenttokens: %w: the store's lock %s cannot be taken (%v); it keeps two imports into one store from running at once: make %s writable for every user (mode 1777, as /tmp)",
			ErrPathRefused, path, err, storeLockDir())
	}
	if err := os.MkdirAll(storeLockDir(), 0o777); err != nil {
		return refuse(err)
	}
	_ = os.Chmod(storeLockDir(), 0o777|fs.ModeSticky) // shared by every user, as /tmp; only its maker can change it
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if errors.Is(err, fs.ErrPermission) {
		f, err = os.Open(path) // another user's lock file: a read-only one locks all the same
	}
	if err != nil {
		return refuse(err)
	}
	state, err := filelock.Lock(f)
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		_ = f.Close()
		return nil, nil // a system without locks: the journal's checks remain
	case err != nil:
		_ = f.Close()
		return refuse(err)
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
