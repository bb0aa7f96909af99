package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
)

// errHelpShown ends a run that printed the help a user asked for: it exits 0.
var errHelpShown = errors.New("help shown")

// pacing is the --rate and --burst every command accepts.
type pacing struct {
	rate  float64
	burst int
}

// newFlags returns the flag set of one command, with --quiet and the pacing
// flags every command accepts. usage is the line after "paymenttokens name",
// about what the command does.
func (c *cli) newFlags(name, usage, about string, p *pacing, rateHelp string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by parse, in one line
	fs.Usage = func() {}
	fs.Float64Var(&p.rate, "rate", p.rate, rateHelp)
	fs.IntVar(&p.burst, "burst", p.burst, "`B` requests allowed at once before the rate applies")
	fs.BoolVar(&c.quiet, "quiet", false, "print no progress and no notes on stderr")
	c.help = func() {
		fmt.Fprintf(c.stdout, "Usage: paymenttokens %s %s\n\n%s\n\nFlags (before or after the arguments):\n", name, usage, about)
		fs.SetOutput(c.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args with flags allowed before, between and after the
// positional arguments ("import tokens.jsonl --dry-run" is a dry run), and
// checks that there are between minArgs and maxArgs positional arguments. After
// "--" everything is positional.
func (c *cli) parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int, names string) ([]string, error) {
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			c.help()
			return nil, errHelpShown
		}
		if err != nil {
			return nil, usagef("%v (see 'paymenttokens %s --help')", err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	switch {
	case len(positional) < minArgs:
		return nil, usagef("missing %s (usage: paymenttokens %s %s)", names, fs.Name(), names)
	case len(positional) > maxArgs && maxArgs == 0:
		return nil, usagef("unexpected argument %q: %s takes no arguments (see 'paymenttokens %s --help')", positional[0], fs.Name(), fs.Name())
	case len(positional) > maxArgs:
		return nil, usagef("unexpected extra argument %q (usage: paymenttokens %s %s)", positional[maxArgs], fs.Name(), names)
	}
	return positional, nil
}

// check refuses pacing that cannot work; zero rate means no pacing.
func (p pacing) check() error {
	switch {
	case p.rate < 0 || math.IsNaN(p.rate) || math.IsInf(p.rate, 0):
		return usagef("--rate %g: want a number of requests per second >= 0 (0 turns pacing off)", p.rate)
	case p.rate > 0 && p.burst < 1:
		return usagef("--burst %d: want at least 1", p.burst)
	}
	return nil
}

// oneLine joins the lines of a message, so that every error is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
