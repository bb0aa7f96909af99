package main

import (
	"errors"
	"fmt"
	"strings"
)

// Exit statuses.
const (
	exitOK     = 0 // everything done
	exitFailed = 1 // some tokens failed, the stores differ, or a run-time error
	exitUsage  = 2 // bad usage: unknown flag, missing file or credentials
)

// usageError is bad input from the user: it exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

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

// errFailed ends a run that completed but did not succeed (tokens failed, the
// stores differ) after it has printed why.
var errFailed = errors.New("not everything succeeded")
