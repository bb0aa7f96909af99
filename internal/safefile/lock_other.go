//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || windows)

package safefile

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// MoveWhileOpen is false where the system's rules are not known.
const MoveWhileOpen = false

// TryLock fails: this system has no file lock the package knows, and an
// unlocked journal could let two imports create the same tokens.
func TryLock(*os.File) (bool, error) {
	return false, fmt.Errorf("locking files is not supported on %s: %w", runtime.GOOS, errors.ErrUnsupported)
}
