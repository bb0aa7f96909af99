//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || windows)

package migrate

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// moveWhileOpen is false where the system's rules are not known.
const moveWhileOpen = false

// tryLock fails: this system has no file lock the package knows, and an
// unlocked journal could let two imports create the same tokens.
func tryLock(*os.File) (bool, error) {
	return false, fmt.Errorf("locking files is not supported on %s: %w", runtime.GOOS, errors.ErrUnsupported)
}
