package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/internal/safetext"
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
	"stores behave. --cleanup only removes the probe tokens earlier runs left (from the journal), asking nothing\n" +
	"and writing nothing new. A question that was not asked is listed with why."

// probeOptions are what probe is asked to do.
type probeOptions struct {
	store          storeFlags
	write, cleanup bool
	out, journal   string
}

// parseProbe reads probe's flags, refusing bad paths before any request.
func parseProbe(c *cli, args []string) (*probeOptions, error) {
	o := &probeOptions{}
	flags := c.newStoreFlags("probe", "[--write | --cleanup] [--out FILE]", probeAbout, &o.store)
	flags.BoolVar(&o.write, "write", false, "also ask the questions that need writes (creates probe tokens and removes them)")
	flags.BoolVar(&o.cleanup, "cleanup", false, "only remove the probe tokens earlier runs left (from --journal); ask nothing, write nothing new")
	flags.StringVar(&o.journal, "journal", defaultProbeJournal, "the `FILE` recording the probe tokens made, for the next run to remove what a killed one\nleft")
	flags.StringVar(&o.out, "out", "", "save the report as JSON to `FILE` (an existing file is replaced only if it is a probe report)")
	if _, err := c.parse(flags, args, 0, 0, ""); err != nil {
		return nil, err
	}
	if err := checkReportPath(o.out); err != nil {
		return nil, err
	}
	switch {
	case o.cleanup && o.write:
		return nil, usagef("--cleanup and --write: --cleanup asks nothing; run the cleanup, then the probe")
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
	rep, err := probe.Run(c.ctx, client, probe.Options{Write: o.write, Cleanup: o.cleanup, Journal: o.journal})
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
		c.doc.next = fmt.Sprintf("after %s, run paymenttokens probe --cleanup%s", rep.RunAgainAt.Local().Format("15:04:05"), o.again())
		return failedf("%d probe token(s) whose create got no answer were not found yet and may still land in the store until %s (the journal %s keeps them): %s to remove them",
			rep.Left, rep.RunAgainAt.Local().Format("15:04:05"), o.journal, c.doc.next)
	case rep.Differs() && o.out != "":
		c.doc.next = "paymenttokens import FILE --probe " + shellWord(o.out) + o.store.args() + " adapts the import to this store"
		return failedf("some answers differ from what this tool assumes (see the meaning of each): %s", c.doc.next)
	case rep.Differs():
		c.doc.next = "run the probe again with --out REPORT, then paymenttokens import FILE --probe REPORT" + o.store.args() + " adapts the import to this store"
		return failedf("some answers differ from what this tool assumes (see the meaning of each): %s", c.doc.next)
	}
	return nil
}

// again is the flags a cleanup run repeats: the store's, and the journal
// when it is not the default.
func (o *probeOptions) again() string {
	args := o.store.args()
	if o.journal != defaultProbeJournal {
		args += " --journal " + shellWord(o.journal)
	}
	return args
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

// printText writes each answer as a block that fits 100 columns (its
// question and verdict, then what this store and the sandbox did and what
// it means, wrapped), then what the probe wrote and cleaned, escaped for
// the terminal (messages come from the store).
func (s probeSummary) printText(c *cli) {
	w, rep := c.io.out, s.Report
	for i, a := range rep.Answers {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s [%s]\n", a.Title, a.Question)
		for _, row := range []struct{ label, text string }{
			{"verdict", verdictWords[a.Verdict]}, {"this store", safetext.Escape(a.Store)}, {"sandbox", a.Sandbox}, {"meaning", safetext.Escape(a.Meaning)},
		} {
			for j, line := range wrapWords(row.text, reportWidth-reportIndent) {
				label := ""
				if j == 0 {
					label = row.label
				}
				fmt.Fprintf(w, "  %-*s%s\n", reportIndent-2, label, line)
			}
		}
	}
	if len(rep.Answers) > 0 && len(rep.Writes)+len(rep.Cleaned) > 0 {
		fmt.Fprintln(w)
	}
	for _, group := range []struct {
		label  string
		writes []probe.SentWrite
	}{{"wrote", rep.Writes}, {"cleaned (left by an earlier probe)", rep.Cleaned}} {
		for _, wr := range group.writes {
			id := ""
			if wr.ID > 0 {
				id = fmt.Sprintf(" #%d", wr.ID)
			}
			text := fmt.Sprintf("%s: %s%s %s: %s", group.label, wr.Action, id, wr.Key, safetext.Escape(wr.Outcome))
			fmt.Fprintln(w, strings.Join(wrapWords(text, reportWidth), "\n  "))
		}
	}
}

// reportWidth is the width the probe's answers fit; reportIndent is where
// their texts start.
const reportWidth, reportIndent = 100, 14

// verdictWords say each verdict in words.
var verdictWords = map[probe.Verdict]string{
	probe.AsAssumed: "as this tool assumes",
	probe.Differs:   "DIFFERS from what this tool assumes",
	probe.Unknown:   "could not tell",
	probe.Skipped:   "not asked (needs --write)",
}

// wrapWords cuts text into lines of at most width runes, between words
// (a word longer than width has a line of its own).
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}
