package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadCapped reads the regular file at path, refusing one over maxBytes
// (ErrTooLarge) and anything that is not a regular file (ErrNotRegular):
// reading a named pipe or a device could block or never end.
func ReadCapped(path string, maxBytes int64) ([]byte, error) {
	return read(path, maxBytes, true)
}

// read reads the regular file at path: at most maxBytes of it, refusing a
// larger one when whole is set.
func read(path string, maxBytes int64, whole bool) ([]byte, error) {
	info, err := os.Stat(path) // before the open, which a named pipe would block
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, ErrNotRegular
	case whole && info.Size() > maxBytes:
		return nil, fmt.Errorf("%w (%d bytes, over %d)", ErrTooLarge, info.Size(), maxBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1)) // it may have grown since
	if err == nil && int64(len(data)) > maxBytes {
		if whole {
			return nil, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, maxBytes)
		}
		data = data[:maxBytes]
	}
	return data, err
}

// MayReplace reports whether an output may replace the file at path: true
// when there is none; else whether ours accepts its first maxBytes bytes
// (its whole content when whole is set). Anything that is not a regular
// file is refused with an error matching ErrNotRegular, a file over
// maxBytes when whole is set with one matching ErrTooLarge, and a file that
// cannot be read with the system's error. Every writer of the module that
// replaces a file checks it this way, each with its own message.
func MayReplace(path string, maxBytes int64, whole bool, ours func(head []byte) bool) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	head, err := read(path, maxBytes, whole)
	if err != nil {
		return false, err
	}
	return ours(head), nil
}
