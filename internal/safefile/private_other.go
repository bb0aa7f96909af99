//go:build !unix

package safefile

import "os"

// PrivateDir makes the folder dir where it does not exist; here the
// caller's folder is already the user's own (Windows: the user's temporary
// folder).
func PrivateDir(dir string) error { return os.MkdirAll(dir, 0o700) }

// OpenOwn opens (making it where missing) the file at path for reading.
func OpenOwn(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o600)
}
