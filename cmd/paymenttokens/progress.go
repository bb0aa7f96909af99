package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// plainEvery is how often progress is printed when stderr is not a terminal.
const plainEvery = 5 * time.Second

// progress shows a running operation on stderr: a live bar per phase with
// count, rate and ETA on a terminal; a plain line every few seconds and at
// the end of each phase otherwise (logs, CI); nothing with --quiet. The
// library calls update from one goroutine at a time.
type progress struct {
	w       io.Writer
	command string
	mode    progressMode
	every   time.Duration
	now     func() time.Time

	last    migrate.Progress // the latest snapshot
	shown   bool             // last has been printed (plain mode)
	printed time.Time        // when a plain line was last printed, or the phase began
	bar     *progressbar.ProgressBar
}

type progressMode int

const (
	progressQuiet progressMode = iota
	progressPlain
	progressBar
)

// newProgress returns the display for command, in the mode stderr calls for.
func (c *cli) newProgress(command string) *progress {
	p := &progress{w: c.stderr, command: command, mode: progressPlain, every: plainEvery, now: time.Now}
	switch {
	case c.quiet:
		p.mode = progressQuiet
	case isTerminal(c.stderr):
		p.mode = progressBar
	}
	return p
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update is the migrate.ProgressFunc.
func (p *progress) update(s migrate.Progress) {
	if p.mode == progressQuiet {
		return
	}
	if s.Phase != p.last.Phase {
		p.endPhase()
		p.printed = p.now()
	}
	p.last, p.shown = s, false
	if p.mode == progressBar {
		p.draw(s)
		return
	}
	if now := p.now(); now.Sub(p.printed) >= p.every {
		p.printLine()
		p.printed = now
	}
}

// finish ends the display after the operation returned.
func (p *progress) finish() {
	if p.mode != progressQuiet {
		p.endPhase()
	}
}

// endPhase closes the bar of the phase, or prints its last state.
func (p *progress) endPhase() {
	if p.bar != nil {
		_ = p.bar.Finish() // a failing stderr is no reason to fail the job
		p.bar = nil
	}
	if p.mode == progressPlain && p.last.Phase != "" && !p.shown {
		p.printLine()
	}
}

func (p *progress) printLine() {
	fmt.Fprintln(p.w, p.line(p.last))
	p.shown = true
}

// draw moves the phase's bar; the bar computes its own rate and ETA.
func (p *progress) draw(s migrate.Progress) {
	total := int64(s.Total)
	if total == 0 {
		total = -1 // a spinner until the total is known
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("tokens"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetSpinnerChangeInterval(0), // no redraw goroutine: the updates redraw it
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
		)
	} else if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	_ = p.bar.Set64(int64(s.Done)) // before Describe, which redraws: the count and its label agree
	p.bar.Describe(p.label(s))
}

// label names the command and phase, with the outcomes so far when there are any.
func (p *progress) label(s migrate.Progress) string {
	label := p.command + " " + string(s.Phase)
	if s.Phase == migrate.PhaseExport {
		label = p.command
	}
	var counts []string
	for _, c := range []struct {
		name string
		n    int
	}{{"created", s.Created}, {"updated", s.Updated}, {"unchanged", s.Unchanged}, {"deleted", s.Deleted}, {"failed", s.Failed}} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", c.name, c.n))
		}
	}
	if len(counts) > 0 {
		label += " (" + strings.Join(counts, ", ") + ")"
	}
	return label
}

// line is one plain progress line: phase, count, share, rate, time left and outcomes.
func (p *progress) line(s migrate.Progress) string {
	var b strings.Builder
	b.WriteString(p.label(s) + ": ")
	if s.Total > 0 {
		fmt.Fprintf(&b, "%d/%d tokens (%d%%)", s.Done, s.Total, s.Done*100/s.Total)
	} else {
		fmt.Fprintf(&b, "%d tokens", s.Done)
	}
	fmt.Fprintf(&b, ", %.1f/s", s.Rate)
	if s.Total > 0 && s.Done < s.Total && s.ETA > 0 {
		fmt.Fprintf(&b, ", ETA %s", s.ETA.Round(time.Second))
	}
	fmt.Fprintf(&b, ", elapsed %s", s.Elapsed.Round(100*time.Millisecond))
	return b.String()
}
