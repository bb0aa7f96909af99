//go:build windows

package safefile

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// MoveWhileOpen: Windows neither renames nor removes a file that is open, so a
// temporary file is closed (and unlocked) just before it is moved.
const MoveWhileOpen = false

// TryLock takes an exclusive lock on f without waiting; held is false when
// another open file holds it. The kernel releases it when f is closed or
// the process dies. Windows locks are mandatory, so the locked byte lies far
// beyond any content: others can still read the file.
func TryLock(f *os.File) (held bool, err error) {
	ol := &windows.Overlapped{Offset: 0xFFFFFFFE, OffsetHigh: 0x7FFFFFFF}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return false, nil
	}
	return err == nil, err
}
