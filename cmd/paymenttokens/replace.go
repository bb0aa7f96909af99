package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// checkReplaceable refuses, before any request, an output path (given by
// flag) that names an existing file this tool may not replace: anything
// but a regular file of at most maxBytes that ours recognises. notOurs says
// what the file is not, for the message ("is not a probe report").
func checkReplaceable(flag, path, notOurs string, maxBytes int64, ours func([]byte) bool) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	data, err := readCapped(path, maxBytes)
	if err != nil && !errors.Is(err, errTooLarge) && !errors.Is(err, errNotRegular) {
		return usagef("%s %s: %v", flag, path, err)
	}
	if err == nil && ours(data) {
		return nil
	}
	return usagef("%s %s: the file exists and %s; choose another name", flag, path, notOurs)
}

// errTooLarge and errNotRegular are readCapped's refusals.
var (
	errTooLarge   = errors.New("larger than such a file is")
	errNotRegular = errors.New("not a regular file (a folder, a named pipe or a device)")
)

// readCapped reads the regular file at path, refusing one over maxBytes
// and anything that is not a regular file (reading a named pipe or a
// device could block or never end).
func readCapped(path string, maxBytes int64) ([]byte, error) {
	info, err := os.Stat(path) // before the open, which a named pipe would block
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, errNotRegular
	case info.Size() > maxBytes:
		return nil, fmt.Errorf("%w (%d bytes, over %d)", errTooLarge, info.Size(), maxBytes)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1)) // it may have grown since
	if err == nil && int64(len(data)) > maxBytes {
		err = fmt.Errorf("%w (over %d bytes)", errTooLarge, maxBytes)
	}
	return data, err
}
