package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// cli is one invocation: its streams, environment and shared flags.
type cli struct {
	ctx            context.Context // ends on the first interrupt, except for import, which drains
	drain          <-chan struct{} // closed on the first interrupt (nil when not run by main)
	stdout, stderr io.Writer
	getenv         func(string) string
	quiet          bool
	help           func()   // prints the current command's help to stdout
	secrets        []string // values never to print, masked in every error line
}

// command is one verb of the tool.
type command struct {
	name, summary string
	run           func(c *cli, args []string) error
}

var commands = []command{
	{"export", "write every token of the store to a file (JSON Lines or CSV)", runExport},
	{"import", "make the store hold a file's tokens, by key, exactly once; resumable", runImport},
	{"diff", "compare a file with the store by key; exit 1 when they differ", runDiff},
	{"probe", "measure how the store's API behaves; --write also asks what needs probe tokens", runProbe},
	{"sandbox", "serve an in-memory PaymentTokens API for tests, until interrupted", runSandbox},
}

// run executes one invocation and returns the exit status; main is a thin
// shell around it so that tests run the command in-process. No command
// reads stdin: import and diff read their file twice.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return runDraining(ctx, nil, args, stdout, stderr, getenv)
}

// runDraining is run with the first interrupt's channel: import drains its
// requests in flight when it closes (ctx ends on the second interrupt);
// every other command stops as soon as it closes.
func runDraining(ctx context.Context, drain <-chan struct{}, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
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
	c := &cli{ctx: ctx, drain: drain, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		c.usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			return runDraining(ctx, drain, []string{args[1], "--help"}, stdout, stderr, getenv)
		}
		c.usage(stdout)
		return exitOK
	}
	for _, cmd := range commands {
		if cmd.name == name {
			return c.finish(name, cmd.run(c, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "paymenttokens: unknown command %q (see 'paymenttokens help')\n", name)
	return exitUsage
}

// finish prints err, if any, as one line naming the command, and returns the exit status.
func (c *cli) finish(name string, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelpShown):
		return exitOK
	case errors.Is(err, errFailed):
		return exitFailed
	}
	var failed *failedError
	if errors.As(err, &failed) {
		fmt.Fprintf(c.stderr, "paymenttokens %s: %s\n", name, c.mask(oneLine(failed.msg)))
		return exitFailed
	}
	msg := oneLine(strings.ReplaceAll(strings.TrimPrefix(err.Error(), "paymenttokens: "), ": paymenttokens: ", ": "))
	if errors.Is(err, wrapper.ErrUnauthorized) {
		msg += fmt.Sprintf(" (check %s, %s and %s)", envSecureURL, envPrivateKey, envToken)
	}
	fmt.Fprintf(c.stderr, "paymenttokens %s: %s\n", name, c.mask(msg))
	var usage *usageError
	var interrupted *interruptedError
	switch {
	case errors.As(err, &usage):
		return exitUsage
	case errors.As(err, &interrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitIncomplete
}

// mask replaces every credential in msg.
func (c *cli) mask(msg string) string {
	for _, s := range c.secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return msg
}

// usage lists the commands.
func (c *cli) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: paymenttokens <command> [flags] [arguments]\n\nCommands:\n")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(w, "\nThe store is given by %s, %s and %s; the API's base URL by --base-url or %s (default the production API).\n",
		envSecureURL, envPrivateKey, envToken, envBaseURL)
	fmt.Fprintln(w, exitStatusHelp)
	fmt.Fprintf(w, "Run 'paymenttokens <command> --help' for a command's flags.\n")
}
