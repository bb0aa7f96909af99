// Package filelock locks files for one process at a time, with locks the
// kernel releases when the file is closed or its process dies, so that a
// killed run never leaves a lock behind.
package filelock

import "os"

// RemoveLocked removes the file f holds locked and closes it: while still
// locked where the system allows, else just after.
func RemoveLocked(f *os.File) {
	if MoveWhileOpen {
		_ = os.Remove(f.Name())
		_ = f.Close()
		return
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
}

// State is the outcome of Lock.
type State int

// The states Lock reports.
const (
	Locked State = iota // the caller holds the lock on the file its path names
	Busy                // another open file holds the lock
	Gone                // the path no longer names the locked file: another run removed or replaced it
)

// Lock locks f without waiting and checks that its path still names it:
// another run may have removed the file between its open and the lock.
func Lock(f *os.File) (State, error) {
	held, err := TryLock(f)
	if err != nil {
		return Busy, err
	}
	if !held {
		return Busy, nil
	}
	have, err := f.Stat()
	if err != nil {
		return Busy, err
	}
	named, err := os.Stat(f.Name())
	if err != nil || !os.SameFile(have, named) {
		return Gone, nil
	}
	return Locked, nil
}
