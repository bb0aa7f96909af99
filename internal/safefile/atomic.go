package safefile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is a temporary file renamed over its destination by Commit,
// so that the destination holds either the old or the complete new content.
// It is locked while it is written: the temporary files of killed runs,
// which nothing holds, are removed by the next write to the same path; a
// live run's are left alone.
type File struct {
	path string
	tmp  *os.File
	buf  *bufio.Writer
	done bool
}

// Create removes what killed runs left next to path and starts a
// locked temporary file there. A path that is a symbolic link writes the
// file it leads to (the link stays a link); one that names anything but a
// regular file (a folder, a device, anything under /dev or /proc such as
// /dev/stdout) is refused with ErrRefused: renaming over it would
// replace it.
func Create(path string) (*File, error) {
	dest, err := Destination(path)
	if err != nil {
		return nil, err
	}
	return CreateAt(dest)
}

// CreateAt is Create for a path destination already resolved.
func CreateAt(path string) (*File, error) {
	sweepTemps(path)
	for range Attempts {
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
		if err != nil {
			return nil, &folderError{path: path, err: err}
		}
		switch state, err := Lock(tmp); {
		case state == Locked || errors.Is(err, errors.ErrUnsupported):
			return &File{path: path, tmp: tmp, buf: bufio.NewWriter(tmp)}, nil
		case err != nil:
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			return nil, fmt.Errorf("paymenttokens: writing %s: locking its temporary file: %w", path, err)
		}
		_ = tmp.Close() // another run's sweep took it before the lock: start another
	}
	return nil, fmt.Errorf("paymenttokens: writing %s: its temporary file was removed %d times by another run writing the same file; let that run end first", path, Attempts)
}

// Destination is the file a write to path replaces: path, or the file its
// symbolic links lead to (at most maxLinks of them).
func Destination(path string) (string, error) {
	named := path
	refuse := func(why string) (string, error) {
		if path != named {
			why = "it leads to " + path + ", which " + strings.TrimPrefix(why, "it ")
		}
		return "", fmt.Errorf("paymenttokens: %w: writing %s: %s", ErrRefused, named, why)
	}
	for range maxLinks {
		if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
			path = filepath.Join(dir, filepath.Base(path)) // the folder it really is in
		}
		if systemPath(path) {
			return refuse("it names a file of the system (/dev, /proc), which would be replaced; name a file of your own")
		}
		info, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return path, nil
		case err != nil:
			return "", fmt.Errorf("paymenttokens: writing %s: %w", named, err)
		case info.Mode().IsRegular():
			return path, nil
		case info.Mode()&fs.ModeSymlink == 0:
			return refuse("it is " + kindOf(info.Mode()) + ", not a regular file, and would be replaced; name a file")
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("paymenttokens: writing %s: %w", named, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return refuse(fmt.Sprintf("it is more than %d symbolic links in a row; name the file itself", maxLinks))
}

// maxLinks bounds the symbolic links followed to the file a write replaces.
const maxLinks = 40

// systemPath reports whether path is under /dev or /proc, where links such
// as /dev/stdout lead to what a process has open: never a file to replace.
func systemPath(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for _, dir := range []string{"/dev", "/proc"} {
		if abs == dir || strings.HasPrefix(abs, dir+"/") {
			return true
		}
	}
	return false
}

// kindOf names what a file that is not a regular one is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// folderError is a temporary file that could not be made next to path: a
// refusal (ErrRefused) that keeps the system's error.
type folderError struct {
	path string
	err  error
}

func (e *folderError) Error() string {
	return fmt.Sprintf("paymenttokens: %v: writing %s: its folder cannot be written (%v); name a file in a folder you can write", ErrRefused, e.path, Cause(e.err))
}

func (e *folderError) Unwrap() []error { return []error{ErrRefused, e.err} }

// Write buffers b for the temporary file.
func (a *File) Write(b []byte) (int, error) { return a.buf.Write(b) }

// Commit flushes, syncs and renames the temporary file over the
// destination, and syncs the folder.
func (a *File) Commit() error {
	err := a.buf.Flush()
	if err == nil {
		err = a.tmp.Sync()
	}
	if !MoveWhileOpen {
		if cerr := a.tmp.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(a.tmp.Name(), a.path)
	}
	if MoveWhileOpen {
		if cerr := a.tmp.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		_ = os.Remove(a.tmp.Name())
		return fmt.Errorf("paymenttokens: writing %s: %w", a.path, err)
	}
	a.done = true
	syncDir(filepath.Dir(a.path))
	return nil
}

// Abort removes the temporary file unless Commit succeeded.
func (a *File) Abort() {
	if !a.done {
		a.done = true
		RemoveLocked(a.tmp)
	}
}

// syncDir makes a rename in dir durable; where directories cannot be
// synced, the rename is still atomic, just not yet durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// sweepTemps removes the temporary files that runs killed while writing
// path left next to it: those that no live run holds locked.
func sweepTemps(path string) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // the write itself reports an unusable folder
	}
	for _, e := range entries {
		if !isTempOf(e.Name(), filepath.Base(path)) || !e.Type().IsRegular() {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, e.Name()), os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if state, _ := Lock(f); state == Locked {
			RemoveLocked(f)
			continue
		}
		_ = f.Close()
	}
}

// isTempOf reports whether name is one of Create's temporary files
// for base: "." + base + "." + digits + ".tmp".
func isTempOf(name, base string) bool {
	mid, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return false
	}
	mid, ok = strings.CutSuffix(mid, ".tmp")
	return ok && mid != "" && strings.Trim(mid, "0123456789") == ""
}

// WriteFile replaces the file at path with data, as the export and the
// id map are written: through a locked temporary file next to it, synced and
// renamed over it, so that path holds either its old content or all of data
// (a new file gets mode 0600). Temporary files that killed writers of the
// same path left are removed first.
func WriteFile(path string, data []byte) error {
	a, err := Create(path)
	if err != nil {
		return err
	}
	defer a.Abort()
	if _, err := a.Write(data); err != nil {
		return fmt.Errorf("paymenttokens: writing %s: %w", path, err)
	}
	return a.Commit()
}
