package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpState is what the current command's help lists: which flags are
// common, which have a one-letter alias; show prints it.
type helpState struct {
	common  map[string]bool   // the flags listed under "Common flags" in the help
	aliases map[string]string // long flag name -> its one-letter alias
	show    func()            // prints the current command's help to stdout
}

// printHelp writes a command's help on stdout: the usage line, what it does,
// then every flag with its argument and default, the command's own first,
// then the common ones, each spelled --name, and last its exit statuses.
func (c *cli) printHelp(fs *flag.FlagSet, args, about string) {
	w := c.io.out
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("paymenttokens "+fs.Name()+" [flags] "+args), about)
	var own, common []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		switch {
		case c.help.longOf(f.Name) != "": // listed with its long name
		case c.help.common[f.Name]:
			common = append(common, f)
		default:
			own = append(own, f)
		}
	})
	for _, group := range []struct {
		title string
		flags []*flag.Flag
	}{{"Flags", own}, {"Common flags", common}} {
		if len(group.flags) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (before or after the arguments):\n", group.title)
		for _, f := range group.flags {
			c.help.printFlag(w, f)
		}
	}
	fmt.Fprintf(w, "\n%s\n", commandExits[fs.Name()])
}

// printFlag writes one flag: its spellings and argument, then its text,
// indented, with the default when it is not the zero value and the text
// does not already say it.
func (h *helpState) printFlag(w io.Writer, f *flag.Flag) {
	arg, text := flag.UnquoteUsage(f)
	names := dashed(f.Name)
	if short := h.aliases[f.Name]; short != "" {
		names = dashed(short) + ", " + names
	}
	if arg != "" {
		names += " " + arg
	}
	if !strings.Contains(text, "(default") && !isZeroDefault(f.DefValue) {
		text += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	fmt.Fprintf(w, "  %s\n", names)
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(w, "      %s\n", line)
	}
}

func isZeroDefault(v string) bool {
	switch v {
	case "", "0", "false", "0s":
		return true
	}
	return false
}

// longOf returns the long name of a short alias, or "".
func (h *helpState) longOf(short string) string {
	for long, s := range h.aliases {
		if s == short {
			return long
		}
	}
	return ""
}

// stringFlag defines a string flag with a long name and a one-letter alias
// (-o, --output), listed once in the help.
func (c *cli) stringFlag(fs *flag.FlagSet, p *string, long, short, usage string) {
	fs.StringVar(p, long, "", usage)
	fs.StringVar(p, short, "", usage)
	if c.help.aliases == nil {
		c.help.aliases = map[string]string{}
	}
	c.help.aliases[long] = short
}
