package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// plainEvery is how often progress is printed when stderr is not a terminal.
const plainEvery = 5 * time.Second

// progress shows how far a job is on stderr: a live bar with count, rate and
// ETA on a terminal, a plain line every few seconds otherwise (logs, CI),
// nothing with --quiet. Its methods are safe for concurrent use.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	label       string
	done, total int64 // total < 0: unknown
	start       time.Time
	now         func() time.Time
	bar         *progressbar.ProgressBar // nil in plain mode
	stop        chan struct{}
	stopped     sync.WaitGroup
	quiet       bool
}

// newProgress starts showing the progress of a job of total items (negative
// when unknown), in the mode stderr calls for.
func (c *cli) newProgress(label string, total int64) *progress {
	p := &progress{w: c.stderr, label: label, total: total, now: time.Now, quiet: c.quiet}
	p.start = p.now()
	switch {
	case c.quiet:
	case isTerminal(c.stderr):
		p.bar = newBar(c.stderr, label, total)
	default:
		p.plain(plainEvery)
	}
	return p
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newBar(w io.Writer, label string, total int64) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("tokens"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetSpinnerChangeInterval(0), // no redraw goroutine: the job's updates redraw it
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}

// plain prints a line every interval until finish, when something changed.
func (p *progress) plain(every time.Duration) {
	p.stop = make(chan struct{})
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		printed := int64(-1)
		for {
			select {
			case <-p.stop:
				return
			case <-ticker.C:
				p.mu.Lock()
				if p.done != printed {
					printed = p.done
					fmt.Fprintln(p.w, p.line())
				}
				p.mu.Unlock()
			}
		}
	}()
}

// set records that done of total items are finished (total < 0: unknown).
func (p *progress) set(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil && total != p.total {
		p.bar.ChangeMax64(total)
	}
	p.done, p.total = done, total
	if p.bar != nil {
		_ = p.bar.Set64(done) // writing to stderr failing is no reason to stop the job
	}
}

// finish stops the display and prints a summary line (none with --quiet).
func (p *progress) finish() {
	if p.stop != nil {
		close(p.stop)
		p.stopped.Wait()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
	if !p.quiet {
		fmt.Fprintln(p.w, p.summary())
	}
}

// line is one plain progress line: count, share, rate and time left.
func (p *progress) line() string {
	elapsed := p.now().Sub(p.start)
	rate := float64(p.done) / max(elapsed.Seconds(), 1e-3)
	if p.total < 0 {
		return fmt.Sprintf("%s: %d tokens, %.1f/s", p.label, p.done, rate)
	}
	eta := "unknown"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%s: %d/%d tokens (%d%%), %.1f/s, ETA %s", p.label, p.done, p.total, percent(p.done, p.total), rate, eta)
}

// summary is the last line: what was done and how long it took.
func (p *progress) summary() string {
	elapsed := p.now().Sub(p.start)
	return fmt.Sprintf("%s: %d tokens in %s (%.1f/s)", p.label, p.done, elapsed.Round(100*time.Millisecond),
		float64(p.done)/max(elapsed.Seconds(), 1e-3))
}

func percent(done, total int64) int64 {
	if total <= 0 {
		return 100
	}
	return done * 100 / total
}
