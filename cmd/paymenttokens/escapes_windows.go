//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableEscapes makes the console f interpret the escape sequences that
// redraw the progress line (Windows 10 and later), and reports whether it does.
func enableEscapes(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	return mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 ||
		windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
