package migrate

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/filelock"
)

// lockAttempts bounds how often a file is opened again when another run
// removed it between its open and its lock.
const lockAttempts = 3

// atomicFile is a temporary file renamed over its destination by commit,
// so that the destination holds either the old or the complete new content.
// It is locked while it is written: the temporary files of killed runs,
// which nothing holds, are removed by the next write to the same path; a
// live run's are left alone.
type atomicFile struct {
	path string
	tmp  *os.File
	buf  *bufio.Writer
	done bool
}

// createAtomic removes what killed runs left next to path and starts a
// locked temporary file there. A path that is a symbolic link writes the
// file it leads to (the link stays a link); one that names anything but a
// regular file (a folder, a device, anything under /dev or /proc such as
// /dev/stdout) is refused with ErrPathRefused: renaming over it would
// replace it.
func createAtomic(path string) (*atomicFile, error) {
	dest, err := destination(path)
	if err != nil {
		return nil, err
	}
	return createAt(dest)
}

// createAt is createAtomic for a path destination already resolved.
func createAt(path string) (*atomicFile, error) {
	sweepTemps(path)
	for range lockAttempts {
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
		if err != nil {
			return nil, &folderError{path: path, err: err}
		}
		switch state, err := filelock.Lock(tmp); {
		case state == filelock.Locked || errors.Is(err, errors.ErrUnsupported):
			return &atomicFile{path: path, tmp: tmp, buf: bufio.NewWriter(tmp)}, nil
		case err != nil:
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			return nil, while(err, "writing %s: locking its temporary file", path)
		}
		_ = tmp.Close() // another run's sweep took it before the lock: start another
	}
	return nil, fmt.Errorf("paymenttokens: writing %s: its temporary file was removed %d times by another run writing the same file; let that run end first", path, lockAttempts)
}

// destination is the file a write to path replaces: path, or the file its
// symbolic links lead to (at most maxLinks of them).
func destination(path string) (string, error) {
	named := path
	refuse := func(why string) (string, error) {
		if path != named {
			why = "it leads to " + path + ", which " + strings.TrimPrefix(why, "it ")
		}
		return "", fmt.Errorf("paymenttokens: %w: writing %s: %s", ErrPathRefused, named, why)
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
			return "", while(err, "writing %s", named)
		case info.Mode().IsRegular():
			return path, nil
		case info.Mode()&fs.ModeSymlink == 0:
			return refuse("it is " + kindOf(info.Mode()) + ", not a regular file, and would be replaced; name a file")
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", while(err, "writing %s", named)
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
// refusal (ErrPathRefused) that keeps the system's error.
type folderError struct {
	path string
	err  error
}

func (e *folderError) Error() string {
	return fmt.Sprintf("paymenttokens: %v: writing %s: its folder cannot be written (%v); name a file in a folder you can write", ErrPathRefused, e.path, cause(e.err))
}

func (e *folderError) Unwrap() []error { return []error{ErrPathRefused, e.err} }

// Write buffers b for the temporary file.
func (a *atomicFile) Write(b []byte) (int, error) { return a.buf.Write(b) }

// commit flushes, syncs and renames the temporary file over the
// destination, and syncs the folder.
func (a *atomicFile) commit() error {
	err := a.buf.Flush()
	if err == nil {
		err = a.tmp.Sync()
	}
	if !filelock.MoveWhileOpen {
		if cerr := a.tmp.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(a.tmp.Name(), a.path)
	}
	if filelock.MoveWhileOpen {
		if cerr := a.tmp.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		_ = os.Remove(a.tmp.Name())
		return while(err, "writing %s", a.path)
	}
	a.done = true
	syncDir(filepath.Dir(a.path))
	return nil
}

// abort removes the temporary file unless commit succeeded.
func (a *atomicFile) abort() {
	if !a.done {
		a.done = true
		filelock.RemoveLocked(a.tmp)
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
		if state, _ := filelock.Lock(f); state == filelock.Locked {
			filelock.RemoveLocked(f)
			continue
		}
		_ = f.Close()
	}
}

// isTempOf reports whether name is one of createAtomic's temporary files
// for base: "." + base + "." + digits + ".tmp".
func isTempOf(name, base string) bool {
	mid, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return false
	}
	mid, ok = strings.CutSuffix(mid, ".tmp")
	return ok && mid != "" && strings.Trim(mid, "0123456789") == ""
}

// WriteFileAtomic replaces the file at path with data, as the export and the
// id map are written: through a locked temporary file next to it, synced and
// renamed over it, so that path holds either its old content or all of data
// (a new file gets mode 0600). Temporary files that killed writers of the
// same path left are removed first.
func WriteFileAtomic(path string, data []byte) error {
	a, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer a.abort()
	if _, err := a.Write(data); err != nil {
		return fmt.Errorf("paymenttokens: writing %s: %w", path, err)
	}
	return a.commit()
}
