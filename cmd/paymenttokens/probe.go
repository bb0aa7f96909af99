package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
)

// defaultProbeJournal is the probe's journal (--journal) when none is given, in the working folder.
const defaultProbeJournal = ".paymenttokens-probe.journal"

const probeAbout = "Measures how the store's API behaves where the vendor's reference is silent (page cap, list order,\n" +
	"404 and past-the-end answers, date format, rate-limit headers; with --write also fields kept on create,\n" +
	"the store's clock, PUT replace or merge, bulk PUT with a missing id, ids after a delete, POST with an\n" +
	"array) and prints, per question, what this store did, what the sandbox (the documented API) does, and\n" +
	"what it means for this tool. import --probe FILE adapts to a saved report (--out FILE).\n\n" +
	"Without --write it sends only GET requests. --write creates probe tokens (PaymentProfileID\n" +
	"\"" + probe.Marker + "\" and 16 hex digits, attached to no customer or order), never touches another\n" +
	"token, and removes every one it made, also when interrupted; a create whose answer an interrupt cut off\n" +
	"(it may land later) and the tokens of a run killed outright are removed by the next --write run, through\n" +
	"its journal (--journal, by default " + defaultProbeJournal + " in the working folder).\n\n" +
	"The report (--json, --out) holds no credential and no token data: send it to us so that we learn how\n" +
	"stores behave. Exit status: 0 every answer is what the tool assumes; 1 some differ, or probe tokens may still\n" +
	"land (run it again later to remove them); 2 refused before any request; 3 could not finish (401, a 404\n" +
	"that is not the API's own, the API unreachable); 130 interrupted (after removing the probe tokens; 129, 131, 143\n" +
	"for SIGHUP, SIGQUIT, SIGTERM)."

// probeOptions are what probe is asked to do.
type probeOptions struct {
	store        storeFlags
	write        bool
	out, journal string
}

// parseProbe reads probe's flags, refusing bad paths before any request.
func parseProbe(c *cli, args []string) (*probeOptions, error) {
	o := &probeOptions{}
	flags := c.newStoreFlags("probe", "[--write] [--out FILE]", probeAbout, &o.store)
	flags.BoolVar(&o.write, "write", false, "also ask the questions that need writes (creates probe tokens and removes them)")
	flags.StringVar(&o.journal, "journal", defaultProbeJournal, "the `FILE` recording the probe tokens made, for the next run to remove what a killed one left")
	flags.StringVar(&o.out, "out", "", "save the report as JSON to `FILE` (an existing file is replaced only if it is a probe report)")
	if _, err := c.parse(flags, args, 0, 0, ""); err != nil {
		return nil, err
	}
	if err := checkReportPath(o.out); err != nil {
		return nil, err
	}
	switch {
	case o.journal == "":
		return nil, usagef("--journal: want a file name")
	case o.out != "" && filepath.Clean(o.out) == filepath.Clean(o.journal):
		return nil, usagef("--out and --journal name the same file %s; give each a path of its own", o.out)
	}
	return o, nil
}

// probeRun asks the store the probe's questions, reports the answers and
// saves them to --out.
func probeRun(c *cli, o *probeOptions) error {
	client, err := c.client(o.store)
	if err != nil {
		return err
	}
	rep, err := probe.Run(c.ctx, client, probe.Options{Write: o.write, Journal: o.journal})
	if errors.Is(err, probe.ErrNotAJournal) || errors.Is(err, probe.ErrJournalBusy) {
		return usageFrom("--journal", err) // refused before any request
	}
	if rep != nil {
		c.report(probeSummary{rep})
		if o.out != "" {
			data, _ := json.MarshalIndent(rep, "", "  ") // a Report always marshals
			if werr := safefile.WriteFile(o.out, append(data, '\n')); werr != nil {
				err = errors.Join(err, werr)
			} else if !c.flags.quiet {
				fmt.Fprintf(c.io.errOut, "probe: report saved to %s\n", o.out)
			}
		}
	}
	switch {
	case err != nil:
		return err
	case rep.Left > 0:
		return failedf("%d probe token(s) whose create got no answer were not found yet and may still land in the store: run 'paymenttokens probe --write' again in %v to remove them (the journal %s keeps them)", rep.Left, wrapper.DefaultSettle, o.journal)
	case rep.Differs():
		return failedf("some answers differ from what this tool assumes (see the meaning of each)")
	}
	return nil
}

// checkReportPath refuses an --out that names something other than a
// probe report, before any request.
func checkReportPath(path string) error {
	if path == "" {
		return nil
	}
	return checkReplaceable("--out", path, "is not a probe report", maxReportBytes, probe.IsReport)
}

// probeSummary is the probe's result: its report, which is also the
// summary of the --json document.
type probeSummary struct{ *probe.Report }

// printText writes the answers as a table, then what the probe wrote and
// cleaned, escaped for the terminal (messages come from the store).
func (s probeSummary) printText(c *cli) {
	w, rep := c.io.out, s.Report
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "question\tverdict\tthis store\tsandbox\tmeaning")
	for _, a := range rep.Answers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Question, a.Verdict, safetext.Escape(a.Store), a.Sandbox, safetext.Escape(a.Meaning))
	}
	_ = tw.Flush()
	for _, group := range []struct {
		label  string
		writes []probe.SentWrite
	}{{"wrote", rep.Writes}, {"cleaned (left by an earlier probe)", rep.Cleaned}} {
		for _, wr := range group.writes {
			id := ""
			if wr.ID > 0 {
				id = fmt.Sprintf(" #%d", wr.ID)
			}
			fmt.Fprintf(w, "%s: %s%s %s: %s\n", group.label, wr.Action, id, wr.Key, safetext.Escape(wr.Outcome))
		}
	}
}
