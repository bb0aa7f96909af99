package safefile

import (
	"errors"
	"os"
)

// ErrRefused is matched by the error of a write refused before it touched
// anything: a path that names something other than a regular file, a file
// of the system, or a folder that cannot be written.
var ErrRefused = errors.New("path refused")

// ErrTooLarge and ErrNotRegular are ReadCapped's and MayReplace's refusals.
var (
	ErrTooLarge   = errors.New("larger than such a file is")
	ErrNotRegular = errors.New("not a regular file (a folder, a named pipe or a device)")
)

// Cause is the system's reason in a file error, without the path the
// message names already.
func Cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
