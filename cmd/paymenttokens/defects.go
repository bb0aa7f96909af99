package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// printDefects prints, when err holds the defects of a file, a line that
// counts them and one line for each (file, line, field, reason), and
// reports whether it did: the error's one line would be too long to read.
func (c *cli) printDefects(name string, err error) bool {
	var d *tokenfile.Defects
	if !errors.As(err, &d) {
		return false
	}
	say := func(format string, args ...any) {
		fmt.Fprintln(c.io.errOut, safetext.Escape(c.io.mask(fmt.Sprintf(format, args...))))
	}
	say("paymenttokens %s: %s: %d defects, nothing was sent; fix them all and run the same command again:", name, d.File, d.Count())
	for _, e := range d.List {
		say("  %s", oneLine(strings.TrimPrefix(e.Error(), "paymenttokens: ")))
	}
	if d.More > 0 {
		say("  and %d more (a run lists the first %d)", d.More, tokenfile.MaxDefects)
	}
	return true
}
