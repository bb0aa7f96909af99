package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

const (
	// plainEvery is how often progress is printed when stderr is not a terminal.
	plainEvery = 5 * time.Second
	// stillEvery is how long the display may go without an update before it
	// says that it still waits.
	stillEvery = 30 * time.Second
	// redrawEvery is the least time between two redraws of a terminal's progress line.
	redrawEvery = 100 * time.Millisecond
	// eraseLine returns to the start of the line and erases it: the progress
	// line is redrawn in place, and a line printed above it starts clean.
	eraseLine = "\r\x1b[K"
	// maxBar and minBar bound the cells of a bar; with less room there is none.
	maxBar, minBar = 30, 10
	// defaultWidth is assumed when the terminal does not tell its width.
	defaultWidth = 80
	// spareColumns are left free at the end of the progress line: the last
	// column, which makes some terminals wrap, and two for the "^C" a
	// terminal echoes on an interrupt. A wrapped line cannot be redrawn in place.
	spareColumns = 3
	// countdownEvery is how often a terminal's line is redrawn during a
	// wait, so that its countdown moves.
	countdownEvery = time.Second
)

// progressState is the run's progress display, once there is one.
type progressState struct {
	shown      atomic.Pointer[progress] // the progress display, once there is one
	stillEvery time.Duration            // how long progress may go without an update (0: stillEvery)
}

// progress shows a running operation on stderr. On a terminal each phase has
// one line, redrawn in place while it runs and ended with a newline, with its
// final count, when it ends; elsewhere (logs, CI) a plain line is printed
// every few seconds and at the end of each phase; with --quiet nothing.
type progress struct {
	w       io.Writer
	command string
	mode    progressMode
	every   time.Duration // plain mode: between two lines
	now     func() time.Time
	width   func() int            // terminal mode: the terminal's columns
	planned bool                  // a dry run: its write phase is a plan, its counts what would happen
	silence time.Duration         // how long without an update before the display says it still waits
	still   *time.Timer           // fires after silence without an update; nil before the first update
	changed time.Time             // when the last update came
	pacing  func() wrapper.Pacing // the client's, for its retry waits; nil when there is none
	ticking chan struct{}         // terminal mode: closed to stop the countdown's redraws

	mu        sync.Mutex       // update runs in the operation's goroutine, message in others
	last      migrate.Progress // the latest snapshot of the current phase
	shown     bool             // plain mode: last has been printed
	lastShown string           // plain mode: the label and count of the last line printed
	onScreen  bool             // terminal mode: the current phase's line is drawn
	printed   time.Time        // when a line was last printed or drawn, or the phase began
}

type progressMode int

const (
	progressQuiet progressMode = iota
	progressPlain
	progressTerminal
)

// newProgress returns the display for command, in the mode stderr calls
// for; client, when not nil, is watched for its retry waits.
func (c *cli) newProgress(command string, client *wrapper.Client) *progress {
	p := &progress{w: c.io.errOut, command: command, mode: progressPlain, every: plainEvery, now: time.Now, silence: cmp.Or(c.progress.stillEvery, stillEvery)}
	if client != nil {
		p.pacing = client.Pacing
	}
	f, isFile := c.io.errOut.(*os.File)
	switch {
	case c.flags.quiet:
		p.mode = progressQuiet
	case isFile && term.IsTerminal(int(f.Fd())) && c.getenv("TERM") != "dumb" && enableEscapes(f):
		p.mode = progressTerminal
		p.width = func() int {
			if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
				return w
			}
			return defaultWidth
		}
	}
	if p.mode != progressQuiet {
		p.rearm() // the first request may stall too
	}
	if p.mode == progressTerminal {
		p.ticking = make(chan struct{})
		go p.countdown(p.ticking)
	}
	c.progress.shown.Store(p)
	return p
}

// countdown redraws the line every countdownEvery while the operation
// waits (a settle window, a retry's back-off), until stop is closed: with
// no update coming meanwhile, the line would not move for minutes.
func (p *progress) countdown(stop chan struct{}) {
	t := time.NewTicker(countdownEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		if now := p.now(); p.onScreen && p.waitText(now) != "" {
			// The snapshot, as old as the last update: its time left and elapsed move on.
			s, since := p.last, now.Sub(p.changed)
			s.ETA, s.Elapsed = max(s.ETA-since, 0), s.Elapsed+since
			fmt.Fprint(p.w, eraseLine+p.barLine(s, "", p.width()))
			p.printed = now
		}
		p.mu.Unlock()
	}
}

// waitText says what the operation waits for, until when and how long is
// left, or is empty when it does not wait: a settle window the operation
// reported, else a retry's back-off of the client.
func (p *progress) waitText(now time.Time) string {
	what, until := p.last.Waiting, p.last.WaitUntil
	if what == "" && p.pacing != nil {
		if r := p.pacing(); r.RetryUntil.After(now) {
			what, until = "the API ("+r.RetryCause+"): the request is sent again", r.RetryUntil
		}
	}
	if what == "" || !until.After(now) {
		return ""
	}
	return fmt.Sprintf("waiting %s (until %s) for %s", waitText(until.Sub(now)), until.Format("15:04:05"), what)
}

// update is the migrate.ProgressFunc.
func (p *progress) update(s migrate.Progress) {
	if p.mode == progressQuiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rearm()
	now := p.now()
	if s.Phase != p.last.Phase {
		p.endPhase("")
		p.printed = now
	}
	note := s.Note
	s.Note = "" // said once, above the line; not part of the phase's state
	p.last, p.shown = s, false
	if note != "" {
		p.say(p.command + ": " + note)
	}
	switch {
	case p.mode == progressTerminal && (!p.onScreen || now.Sub(p.printed) >= redrawEvery):
		p.draw("")
		p.printed = now
	case p.mode == progressPlain && now.Sub(p.printed) >= p.every:
		p.printLine(p.line(s, ""), s)
		p.printed = now
	}
}

// printLine prints a plain mode's line of the current phase, whose state is s.
func (p *progress) printLine(line string, s migrate.Progress) {
	fmt.Fprintln(p.w, line)
	p.shown, p.lastShown = true, shownAs(s)
}

// shownAs is what a plain line says of s beyond its times: a phase's last
// line is not printed again when only its times would differ.
func shownAs(s migrate.Progress) string {
	return fmt.Sprintf("%s %d/%d %d %d %d %d %d %d", s.Phase, s.Done, s.Total, s.Created, s.Updated, s.Unchanged, s.Differing, s.Deleted, s.Failed)
}

// finish ends the display after the operation returned err: the last
// phase's line shows its final count, and says "interrupted" or "stopped"
// when err cut the phase short. Whatever follows starts on a line of its own.
func (p *progress) finish(err error) {
	if p.mode == progressQuiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.still != nil {
		p.still.Stop()
		p.still = nil
	}
	if p.ticking != nil {
		close(p.ticking)
		p.ticking = nil
	}
	p.endPhase(stopWord(err, p.last))
	p.last = migrate.Progress{}
}

// rearm restarts the wait after which the display says that nothing has
// changed: a stalled API or a settle window would otherwise leave it
// silent for minutes.
func (p *progress) rearm() {
	p.changed = p.now()
	if p.silence <= 0 {
		return
	}
	if p.still != nil {
		p.still.Reset(p.silence)
		return
	}
	p.still = time.AfterFunc(p.silence, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.still == nil { // finished meanwhile
			return
		}
		if quiet := p.now().Sub(p.changed); quiet < p.silence { // an update came while this waited for the lock
			p.still.Reset(p.silence - quiet)
			return
		}
		p.still.Reset(p.silence)
		if wait := p.waitText(p.now()); wait != "" {
			if p.mode == progressPlain { // a terminal's line shows it, redrawn every second
				p.say(p.command + ": still " + wait)
			}
			return
		}
		p.say(fmt.Sprintf("%s: still working: nothing changed for %s (waiting for the API to answer, which a request is given %s to do, or for a settle window to pass)",
			p.command, durationText(p.now().Sub(p.changed).Round(time.Second)), durationText(wrapper.DefaultTimeout)))
	})
}

// message prints text on a line of its own, above the progress line, which
// stays whole: for what the user must hear even with --quiet.
func (p *progress) message(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.say(text)
}

// stopWord says why the phase of s ended before its end, given the
// operation's error, or is empty when it did not end early.
func stopWord(err error, s migrate.Progress) string {
	switch {
	case err == nil, errors.Is(err, migrate.ErrSomeFailed), s.Total > 0 && s.Done >= s.Total:
		return ""
	case errors.Is(err, migrate.ErrInterrupted), errors.Is(err, context.Canceled):
		return "interrupted"
	}
	return "stopped"
}

// endPhase shows the final state of the current phase, if any: a terminal's
// line is drawn one last time and ended; a plain line is printed unless it
// already was.
func (p *progress) endPhase(stop string) {
	if p.last.Phase == "" {
		return
	}
	p.last.ETA, p.last.Waiting = 0, "" // the phase is over
	switch p.mode {
	case progressTerminal:
		p.draw(stop)
		fmt.Fprintln(p.w)
		p.onScreen = false
	case progressPlain:
		if (!p.shown || stop != "") && (stop != "" || shownAs(p.last) != p.lastShown) {
			p.printLine(p.line(p.last, stop), p.last)
		}
	}
}

// say prints text on a line of its own and draws the progress line again below it.
func (p *progress) say(text string) {
	if !p.onScreen {
		fmt.Fprintln(p.w, text)
		return
	}
	fmt.Fprint(p.w, eraseLine+text+"\n")
	p.draw("")
}

// draw replaces the terminal's current line with the current phase's.
func (p *progress) draw(stop string) {
	fmt.Fprint(p.w, eraseLine+p.barLine(p.last, stop, p.width()))
	p.onScreen = true
}

// barLine is line with a bar when the total is known and there is room,
// cut to leave spareColumns of the terminal's width free.
func (p *progress) barLine(s migrate.Progress, stop string, width int) string {
	width -= spareColumns
	head, stats := p.label(s)+": ", p.stats(s, stop)
	room := width - len(head) - len(stats) - len("[] ")
	if cells := min(maxBar, room); s.Total > 0 && cells >= minBar {
		filled := min(cells, s.Done*cells/s.Total)
		head += "[" + strings.Repeat("=", filled) + strings.Repeat(" ", cells-filled) + "] "
	}
	line := []rune(head + stats)
	return string(line[:min(len(line), max(width, 0))])
}

// line is one plain progress line: label, then stats.
func (p *progress) line(s migrate.Progress, stop string) string {
	return p.label(s) + ": " + p.stats(s, stop)
}

// label names the command and phase, with the outcomes so far when there are any.
func (p *progress) label(s migrate.Progress) string {
	phase, created, updated, deleted, failed := string(s.Phase), "created", "updated", "deleted", "failed"
	if p.planned {
		created, updated, deleted, failed = "would create", "would update", "would delete", "would fail"
		if s.Phase == migrate.PhaseWrite {
			phase = "plan"
		}
	}
	label := p.command + " " + phase
	if s.Phase == migrate.PhaseExport {
		label = p.command
	}
	var counts []string
	for _, c := range []struct {
		name string
		n    int
	}{{created, s.Created}, {updated, s.Updated}, {"unchanged", s.Unchanged}, {"differing", s.Differing}, {deleted, s.Deleted}, {failed, s.Failed}} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", c.name, c.n))
		}
	}
	if len(counts) > 0 {
		label += " (" + strings.Join(counts, ", ") + ")"
	}
	return label
}

// stats is the phase's count, share, then stop (why it ended early, if it
// did), rate, time left and time elapsed.
func (p *progress) stats(s migrate.Progress, stop string) string {
	var b strings.Builder
	if s.Total > 0 {
		fmt.Fprintf(&b, "%d/%s (%d%%)", s.Done, tokensWord(s.Total), s.Done*100/s.Total)
	} else {
		b.WriteString(tokensWord(s.Done))
	}
	if stop != "" {
		b.WriteString(" " + stop)
	}
	fmt.Fprintf(&b, ", %.1f/s", s.Rate)
	if s.Total > 0 && s.Done < s.Total && s.ETA > 0 && stop == "" {
		fmt.Fprintf(&b, ", ETA %s", waitText(s.ETA))
	}
	fmt.Fprintf(&b, ", elapsed %s", s.Elapsed.Round(100*time.Millisecond))
	if wait := p.waitText(p.now()); wait != "" && stop == "" {
		b.WriteString(", " + wait)
	}
	return b.String()
}

// tokensWord is "1 token" or "n tokens".
func tokensWord(n int) string {
	if n == 1 {
		return "1 token"
	}
	return fmt.Sprintf("%d tokens", n)
}
