//go:build unix

package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// PrivateDir makes the folder dir of this user's own (mode 0700) where it
// does not exist, and returns why it cannot be trusted where it does: not
// a folder (a symbolic link included, which is never followed), owned by
// another user, or writable by others, any of which would let another user
// replace, steal or block what it holds.
func PrivateDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link", dir)
	case !info.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	case owner(info) != os.Geteuid():
		return fmt.Errorf("%s belongs to the user with uid %d, not to this one (uid %d)", dir, owner(info), os.Geteuid())
	case info.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("%s can be written by other users (mode %04o)", dir, info.Mode().Perm())
	}
	return nil
}

// OpenOwn opens (making it where missing, mode 0600) the file at path for
// reading, never through a symbolic link, never waiting (a named pipe does
// not block it), and keeps it only when it is a regular file of this user
// with no other name (no hard link that could lead to another's file).
func OpenOwn(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o600)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
	case !info.Mode().IsRegular():
		err = fmt.Errorf("%s is not a regular file", path)
	case owner(info) != os.Geteuid():
		err = fmt.Errorf("%s belongs to the user with uid %d, not to this one", path, owner(info))
	case info.Sys().(*syscall.Stat_t).Nlink != 1:
		err = fmt.Errorf("%s has other names (hard links)", path)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// owner is the uid of the file info describes.
func owner(info fs.FileInfo) int { return int(info.Sys().(*syscall.Stat_t).Uid) }
