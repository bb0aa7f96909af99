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
	"request (usage, a bad file, an unsafe path, a lock or another import's lease), or before any write (a prune over\n" +
	"its limit, an empty store's export over a file holding tokens); 3 could not finish (the API unreachable or not\n" +
	"answering, 401, a listing that did not add up, I/O, a token file changed during the run, a --redis that does not\n" +
	"answer, a lease lost); 130 interrupted by SIGINT (Ctrl-C), 129 by SIGHUP, 131 by SIGQUIT, 143 by SIGTERM (each\n" +
	"after the same drain). The sandbox serves until interrupted, then exits 0."

// signalsHelp ends the exit statuses of the commands a signal stops.
const signalsHelp = "130 interrupted by SIGINT (Ctrl-C), 129 by SIGHUP, 131 by SIGQUIT, 143 by SIGTERM"

// commandExits are the exit statuses each command's help ends with: those
// it can exit with, in its own words (exitStatusHelp is them all).
var commandExits = map[string]string{
	"export": "Exit status: 0 done; 2 refused before any request (usage, a bad env file, an --output it may not replace,\n" +
		"a lock), or right after the listing, before anything is written (an empty store over a file holding tokens);\n" +
		"3 could not finish (the API unreachable or not answering, 401, a listing that did not add up, I/O, a --redis\n" +
		"that does not answer);\n" + signalsHelp + ".",
	"import": "Exit status: 0 done; 1 some tokens failed, or the store holds some with other values (--update rewrites\n" +
		"them); what to do is on stderr; 2 refused before any request (usage, a bad file, an unsafe path, a lock or\n" +
		"another import's lease), or before any write (a prune over its limit); 3 could not finish (the API unreachable\n" +
		"or not answering, 401, a listing that did not add up, I/O, the token file changed during the run, a --redis\n" +
		"that does not answer, the lease lost);\n" + signalsHelp +
		"\n(each after the same drain; run the same command again to resume).",
	"diff": "Exit status: 0 the file and the store match; 1 they differ (what to do is on stderr); 2 refused before any\n" +
		"request (usage, a bad file or env file); 3 could not finish (the API unreachable or not answering, 401, a\n" +
		"listing that did not add up, I/O, the token file changed during the run);\n" + signalsHelp + ".",
	"probe": "Exit status: 0 every answer is what this tool assumes (--cleanup: every probe token removed); 1 some\n" +
		"answers differ (the last line says how to give the report to import), or probe tokens whose create got no\n" +
		"answer may still land (the last line says at what time to run 'probe --cleanup'); 2 refused before any\n" +
		"request (usage, a bad env file, an --out or --journal it may not use); 3 could not finish (401, a 404 that\n" +
		"is not the API's own, the API unreachable or not answering, I/O);\n" + signalsHelp +
		"\n(each after removing the probe tokens it made).",
	"sandbox": "Exit status: 0 stopped by an interrupt (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT): it serves until then;\n" +
		"2 refused before it serves (usage, an --addr it cannot listen on, an --env-out it may not replace);\n" +
		"3 could not go on serving (the server failed, --env-out could not be written).",
	"version": "Exit status: 0 printed; 2 refused (an unknown flag, an argument).",
}

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
