package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// summary is a command's result: printed for a person, or with --json as
// the "summary" of the run's JSON document. A command reports it with
// c.report; --json needs nothing more.
type summary interface {
	printText(c *cli)
}

// document is what --json prints on stdout: one JSON object per run, at
// its end (the sandbox: once it serves), also for a run that was refused
// (a bad flag before --json, an unknown command), failed or interrupted.
// Progress, notes and the error line stay on stderr.
type document struct {
	// Command is the command's name, such as "import".
	Command string `json:"command"`
	// Outcome is the exit status in a word: "done" (0), "failed" (1: some
	// tokens failed or differ; diff's says "differ"), "refused" (2),
	// "incomplete" (3), "interrupted" (129, 130, 131, 143); the sandbox's
	// document says "serving".
	Outcome string `json:"outcome"`
	// ExitStatus is the process's exit status; absent in the sandbox's document.
	ExitStatus *int `json:"exit_status,omitempty"`
	// Error is the error line printed on stderr, without the command's
	// prefix; absent when the run succeeded.
	Error string `json:"error,omitempty"`
	// Next says what to do next, when there is something to do: run again
	// with --update, fix the failed tokens, run the same command again to
	// resume from the journal; absent otherwise.
	Next string `json:"next,omitempty"`
	// Summary is the command's own result (see the summary types: exportSummary,
	// importSummary, diffSummary, sandboxSummary, versionSummary); absent when
	// the run ended before it had one.
	Summary summary `json:"summary,omitempty"`
}

// jsonDocument is what a run's --json document will say, kept until it is
// printed, once.
type jsonDocument struct {
	result  summary    // with --json: the command's result, printed at the end
	next    string     // what to do next, for the --json document
	printed bool       // with --json: the document has been printed
	mu      sync.Mutex // the run and main's signal handler may both print it
}

// outcomes name the exit statuses in a document.
var outcomes = map[int]string{
	exitOK: "done", exitFailed: "failed", exitUsage: "refused", exitIncomplete: "incomplete",
	exitHangup: "interrupted", exitInterrupted: "interrupted", exitQuit: "interrupted", exitTerminated: "interrupted",
}

// outcomeOf names the exit status code of the command name in a document:
// diff's 1 says the stores differ, which is not a failure.
func outcomeOf(name string, code int) string {
	if name == "diff" && code == exitFailed {
		return "differ"
	}
	return outcomes[code]
}

// report prints the command's result now, or with --json keeps it for the
// run's document.
func (c *cli) report(s summary) {
	if c.flags.json {
		c.doc.result = s
		return
	}
	s.printText(c)
}

// printDocument writes the --json document of a run that ended with code
// and the error line msg.
func (c *cli) printDocument(name string, code int, msg string) {
	if !c.wantsDocument() {
		return
	}
	c.writeDocument(document{Command: name, Outcome: outcomeOf(name, code), ExitStatus: &code, Error: msg, Next: c.doc.next, Summary: c.doc.result})
}

// lastWords is what main's signal handler runs before it ends a run that
// did not stop within exitGrace of the second signal: with --json on the
// command line, the document of an interrupted run. It reads only what
// is fixed before the run starts: the handler runs beside the run.
func (c *cli) lastWords(name string, h *interrupts) func() {
	asked := c.flags.jsonAsked
	return func() {
		if !asked {
			return
		}
		code := h.status()
		c.writeDocument(document{Command: name, Outcome: outcomeOf(name, code), ExitStatus: &code,
			Error: hardExitMessage, Next: "run the same command again"})
	}
}

// wantsDocument reports whether --json was given: as the flags read it,
// or, when they could not be read (a bad flag, an unknown command), as
// the command line has it.
func (c *cli) wantsDocument() bool {
	if c.flags.parsed {
		return c.flags.json
	}
	return c.flags.jsonAsked
}

// jsonAsked reports whether args (those after the command's name) set
// --json before any "--": its last setting wins, and a value that is not
// a boolean counts as asked.
func jsonAsked(args []string) bool {
	asked := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "json" {
			continue
		}
		on, err := strconv.ParseBool(value)
		asked = !hasValue || on || err != nil
	}
	return asked
}

// writeDocument writes d as one line of JSON on stdout, once per run,
// whichever of the run and the signal handler comes first.
func (c *cli) writeDocument(d document) {
	c.doc.mu.Lock()
	defer c.doc.mu.Unlock()
	if c.doc.printed {
		return
	}
	c.doc.printed = true
	out, err := json.Marshal(d)
	if err != nil { // not expected: the summaries hold strings, numbers and lists of them
		c.io.noteLine("paymenttokens: cannot write the --json document: " + err.Error())
		return
	}
	fmt.Fprintf(c.io.out, "%s\n", out)
}
