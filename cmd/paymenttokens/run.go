package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// cli is one invocation: its context, environment and streams, and the
// state its commands share, each part small.
type cli struct {
	ctx      context.Context // ends on the first interrupt, except for import, which drains
	drain    <-chan struct{} // closed on the first interrupt (nil when not run by main)
	signals  *interrupts     // main's signal handler (nil when not run by main)
	getenv   func(string) string
	io       *ioStreams
	flags    globalFlags   // --json and --quiet, which every command has
	help     helpState     // the current command's help
	doc      jsonDocument  // with --json: what the run's document says
	progress progressState // the progress display
	coord    *coordination // --redis: the Redis the store's budget and lease go through (nil without)
}

// command is one verb of the tool. Its run is, as gh's commands are, a
// parse that builds its flags with newFlags (or newStoreFlags), which gives
// it --json, --quiet and the help, into the command's options, then a run
// that does the work with them and reports its result with c.report.
type command struct {
	name, summary string
	run           func(c *cli, args []string) error
}

var commands = []command{
	{"export", "write every token of the store to a file (JSON Lines or CSV)", parseThenRun(parseExport, exportRun)},
	{"import", "make the store hold a file's tokens, by key, exactly once; resumable", parseThenRun(parseImport, importRun)},
	{"diff", "compare a file with the store by key; exit 1 when they differ", parseThenRun(parseDiff, diffRun)},
	{"probe", "measure how the store's API behaves; --write also asks what needs probe tokens", parseThenRun(parseProbe, probeRun)},
	{"sandbox", "serve an in-memory PaymentTokens API for tests, until interrupted", parseThenRun(parseSandbox, sandboxRun)},
	{"version", "print the version and the commit the binary was built from", runVersion},
}

// parseThenRun is the run of a command whose parse reads its arguments
// into its options, refusing bad ones before any request, and whose run
// does the work.
func parseThenRun[O any](parse func(c *cli, args []string) (*O, error), run func(c *cli, o *O) error) func(c *cli, args []string) error {
	return func(c *cli, args []string) error {
		o, err := parse(c, args)
		if err != nil {
			return err
		}
		return run(c, o)
	}
}

// run executes one invocation and returns the exit status; main is a thin
// shell around it so that tests run the command in-process. No command
// reads stdin: import and diff read their file twice.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return runDraining(ctx, nil, args, stdout, stderr, getenv)
}

// runDraining is run with main's signal handler h: import drains its
// requests in flight when the first signal closes h.drain (ctx ends on the
// second); every other command stops as soon as it closes. An interrupted
// run exits with the status of the signal that stopped it.
func runDraining(ctx context.Context, h *interrupts, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	var drain <-chan struct{}
	if h != nil {
		drain = h.drain
	}
	if len(args) > 0 && args[0] != "import" && drain != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-drain:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	c := &cli{ctx: ctx, drain: drain, signals: h, getenv: getenv, io: &ioStreams{out: stdout, errOut: stderr}}
	if len(args) == 0 {
		c.usage(stderr)
		return exitUsage
	}
	name := args[0]
	c.flags.jsonAsked = jsonAsked(args[1:])
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			return runDraining(ctx, h, []string{args[1], "--help"}, stdout, stderr, getenv)
		}
		c.usage(stdout)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, cmd := range commands {
		if cmd.name == name {
			if h != nil {
				h.setLastWords(c.lastWords(name, h))
			}
			defer c.coord.close()
			return c.finish(name, cmd.run(c, args[1:]))
		}
	}
	msg := fmt.Sprintf("unknown command %q", name) // quoted: escaped for the terminal
	fmt.Fprintf(stderr, "paymenttokens: %s (see 'paymenttokens help')\n", msg)
	c.printDocument(name, exitUsage, msg)
	return exitUsage
}

// finish prints err, if any, as one line naming the command, its control
// characters escaped, and with --json the run's document; it returns the exit status.
func (c *cli) finish(name string, err error) int {
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	code, msg := c.status(err)
	msg = safetext.Escape(msg) // it may quote a store's or a gateway's answer
	if msg != "" && !c.printDefects(name, err) {
		fmt.Fprintf(c.io.errOut, "paymenttokens %s: %s\n", name, msg)
	}
	c.printDocument(name, code, msg)
	return code
}

// status is the exit status for err and the one-line message to print, if
// any, with every credential masked.
func (c *cli) status(err error) (int, string) {
	switch {
	case err == nil:
		return exitOK, ""
	}
	var failed *failedError
	if errors.As(err, &failed) {
		return exitFailed, c.io.mask(oneLine(failed.msg))
	}
	msg := oneLine(strings.TrimPrefix(err.Error(), "paymenttokens: ")) // the line names the command instead
	if errors.Is(err, wrapper.ErrUnauthorized) {
		msg += fmt.Sprintf(" (check %s, %s and %s)", envSecureURL, envPrivateKey, envToken)
	}
	msg = c.io.mask(msg)
	var usage *usageError
	var interrupted *interruptedError
	switch {
	case errors.As(err, &usage):
		return exitUsage, msg
	case errors.As(err, &interrupted):
		return c.signals.status(), msg
	case errors.Is(err, context.Canceled), errors.Is(err, migrate.ErrInterrupted):
		return c.signals.status(), "interrupted" // the context's "context canceled" says nothing to a person
	}
	return exitIncomplete, msg
}

// usage lists the commands.
func (c *cli) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: paymenttokens <command> [flags] [arguments]\n\nCommands:\n")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(w, "\nThe store is given by %s, %s and %s, from the environment or from\n"+
		"--env-file FILE (whose values win); the API's base URL by --base-url or %s (default the production API).\n"+
		"Every command takes --json (its summary as one JSON document on stdout) and --quiet; 'paymenttokens --version'\n"+
		"is 'paymenttokens version'.\n",
		envSecureURL, envPrivateKey, envToken, envBaseURL)
	fmt.Fprintln(w, exitStatusHelp)
	fmt.Fprintf(w, "Run 'paymenttokens <command> --help' for a command's flags.\n")
}
