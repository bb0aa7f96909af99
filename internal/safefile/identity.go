package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ID identifies a file however its path is spelled.
type ID struct {
	// Info is the existing file; nil when there is none.
	Info os.FileInfo
	abs  string // for a new file: its absolute path, its folder's symlinks resolved
}

// Identify returns the identity of the file at path.
func Identify(path string) (ID, error) {
	info, err := os.Stat(path)
	if err == nil {
		return ID{Info: info}, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return ID{}, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ID{}, err
	}
	dir := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return ID{abs: filepath.Join(dir, filepath.Base(abs))}, nil
}

// Same reports whether a and b are one file: an existing file by identity,
// a new one by its cleaned absolute path, ignoring case (for the file
// systems that do).
func (a ID) Same(b ID) bool {
	if a.Info != nil && b.Info != nil {
		return os.SameFile(a.Info, b.Info)
	}
	return a.Info == nil && b.Info == nil && strings.EqualFold(a.abs, b.abs)
}
