package safefile

import (
	"errors"
	"os"
)

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

// Attempts bounds how often OpenLocked opens a file again when another run
// removed it between its open and its lock.
const Attempts = 3

// ErrRemoved is OpenLocked's error when the file was removed under it
// Attempts times in a row.
var ErrRemoved = errors.New("removed and made again by other runs while this one opened it")

// OpenLocked opens a file with open and locks it without waiting, opening
// it again when it was removed in between (Gone). It returns the locked
// file; Busy and no file when another holds the lock; and, where the
// system has no lock, the file unlocked with an error matching
// errors.ErrUnsupported, for the caller to decide.
func OpenLocked(open func() (*os.File, error)) (*os.File, State, error) {
	for range Attempts {
		f, err := open()
		if err != nil {
			return nil, Busy, err
		}
		state, err := Lock(f)
		switch {
		case errors.Is(err, errors.ErrUnsupported):
			return f, Locked, err
		case err != nil:
			_ = f.Close()
			return nil, Busy, err
		case state == Gone:
			_ = f.Close()
			continue
		case state == Busy:
			_ = f.Close()
			return nil, Busy, nil
		}
		return f, Locked, nil
	}
	return nil, Gone, ErrRemoved
}
