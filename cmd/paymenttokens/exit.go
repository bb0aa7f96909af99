package main

import (
	"fmt"
	"strings"
)

// Exit statuses: one contract for every command, so that a script can tell
// "different" from "could not compare".
const (
	exitOK          = 0   // everything done (diff: the file and the store match)
	exitFailed      = 1   // some tokens failed, or differ (diff: the stores differ)
	exitUsage       = 2   // refused before any request: usage, a bad file, an unsafe path, a lock, a limit
	exitIncomplete  = 3   // could not finish: the API unreachable, 401, a listing that did not add up, I/O, a changed file
	exitHangup      = 129 // interrupted by SIGHUP (the terminal or the ssh session went away)
	exitInterrupted = 130 // interrupted by SIGINT (Ctrl-C)
	exitQuit        = 131 // interrupted by SIGQUIT (Ctrl-\)
	exitTerminated  = 143 // interrupted by SIGTERM
)

// exitStatusHelp is the exit status contract as help and usage print it.
const exitStatusHelp = "Exit status: 0 done; 1 some tokens failed, or the file and the store differ; 2 refused before any\n" +
	"request (usage, a bad file, an unsafe path, a lock), or before any write (a prune over its limit); 3 could not\n" +
	"finish (the API unreachable or not answering, 401, a listing that did not add up, I/O, a token file changed\n" +
	"during the run); 130 interrupted by SIGINT (Ctrl-C), 129 by SIGHUP, 131 by SIGQUIT, 143 by SIGTERM (each after\n" +
	"the same drain). The sandbox serves until interrupted, then exits 0."

// usageError is bad input from the user: it exits 2.
type usageError struct {
	msg string
	err error // the file's defects it reports, if any (printDefects lists them)
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageFrom makes a library error about the user's input a usage error,
// after what (a flag name) when not empty; the library's prefix is dropped.
func usageFrom(what string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "paymenttokens: ")
	if what != "" {
		msg = what + ": " + msg
	}
	return &usageError{msg: msg}
}

// failedError ends a run that completed with some tokens failed or
// differing: it is printed and exits 1.
type failedError struct{ msg string }

func (e *failedError) Error() string { return e.msg }

func failedf(format string, args ...any) error {
	return &failedError{msg: fmt.Sprintf(format, args...)}
}

// interruptedError ends a run stopped by a signal: it exits with the
// signal's status (130 for SIGINT, see signalStatus).
type interruptedError struct{ msg string }

func (e *interruptedError) Error() string { return e.msg }
