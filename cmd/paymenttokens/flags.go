package main

import (
	"errors"
	"flag"
	"io"
	"math"
	"regexp"
	"strings"
)

// errHelpShown ends a run that printed the help a user asked for: it exits 0.
var errHelpShown = errors.New("help shown")

// globalFlags are the flags every command has, and what is known of --json
// before they are read.
type globalFlags struct {
	json, quiet bool
	jsonAsked   bool // --json is on the command line: the document is printed even when its flags could not be read
	parsed      bool // the flags were read: json says whether --json was given
}

// pacing is the --rate and --burst of the commands that send or serve requests.
type pacing struct {
	rate  float64
	burst int
}

// newFlags returns the flag set of one command with the flags every command
// has, --json and --quiet. args is what follows "paymenttokens name [flags]"
// in the usage line (such as "FILE"); about says what the command does.
// Flags registered here and by the other shared helpers are listed under
// "Common flags" in the help; the rest under "Flags".
func (c *cli) newFlags(name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by parse, in one line
	fs.Usage = func() {}
	c.help.common = map[string]bool{}
	c.shared(fs, func() {
		fs.BoolVar(&c.flags.quiet, "quiet", false, "print no progress and no notes on stderr")
		fs.BoolVar(&c.flags.json, "json", false, "print the summary on stdout as one JSON document (see the README for its fields)")
	})
	c.help.show = func() { c.printHelp(fs, args, about) }
	return fs
}

// shared runs define, which registers flags shared by several commands on
// fs, and records their names for the help.
func (c *cli) shared(fs *flag.FlagSet, define func()) {
	before := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { before[f.Name] = true })
	define()
	fs.VisitAll(func(f *flag.Flag) {
		if !before[f.Name] {
			c.help.common[f.Name] = true
		}
	})
}

// register defines --rate and --burst on fs.
func (p *pacing) register(fs *flag.FlagSet, rateHelp string) {
	fs.Float64Var(&p.rate, "rate", p.rate, rateHelp)
	fs.IntVar(&p.burst, "burst", p.burst, "`B` requests allowed at once before the rate applies")
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
			c.help.show()
			return nil, errHelpShown
		}
		if err != nil {
			return nil, usagef("%s (see 'paymenttokens %s --help')", flagError(err), fs.Name())
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
	c.flags.parsed = true
	switch {
	case len(positional) < minArgs:
		return nil, usagef("missing %s (usage: paymenttokens %s [flags] %s)", names, fs.Name(), names)
	case len(positional) > maxArgs && maxArgs == 0:
		return nil, usagef("unexpected argument %q: %s takes no arguments (see 'paymenttokens %s --help')", positional[0], fs.Name(), fs.Name())
	case len(positional) > maxArgs:
		return nil, usagef("unexpected extra argument %q (usage: paymenttokens %s [flags] %s)", positional[maxArgs], fs.Name(), names)
	}
	return positional, nil
}

// flagName matches a flag as the flag package's errors spell it ("-name"
// after "flag " or ": ", or "for -name").
var flagName = regexp.MustCompile(`(flag |: |for )-([A-Za-z][A-Za-z0-9-]+)`)

// flagError is the flag package's error with every flag spelled as this
// tool's help and README spell it: --name (-o stays -o).
func flagError(err error) string {
	return flagName.ReplaceAllStringFunc(err.Error(), func(m string) string {
		sub := flagName.FindStringSubmatch(m)
		return sub[1] + dashed(sub[2])
	})
}

// dashed spells a flag name: -o for a single letter, else --name.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
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
