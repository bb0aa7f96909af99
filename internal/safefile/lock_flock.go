//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package safefile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// MoveWhileOpen: a file may be renamed or removed while it is open (and
// locked), so a temporary file stays locked until it has its final name or
// is gone.
const MoveWhileOpen = true

// TryLock takes an exclusive lock on f without waiting; held is false when
// another open file holds it. The kernel releases it when f is closed or
// the process dies, so a killed run never leaves a lock behind.
func TryLock(f *os.File) (held bool, err error) {
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
