package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// terminalProgress is a terminal's display of command, width columns wide,
// writing to out and reading the time from clock.
func terminalProgress(out *strings.Builder, command string, width int, clock *fakeClock) *progress {
	return &progress{w: out, command: command, mode: progressTerminal, every: plainEvery, now: clock.now,
		width: func() int { return width }}
}

func TestPlainProgressLine(t *testing.T) {
	p := &progress{command: "import", now: (&fakeClock{}).now}
	assert.Equal(t, "import write (created 150, failed 2): 200/1000 tokens (20%), 2.0/s, ETA 6m40s, elapsed 1m41s",
		p.line(migrate.Progress{Phase: migrate.PhaseWrite, Done: 200, Total: 1000, Created: 150, Unchanged: 0, Failed: 2,
			Rate: 2, ETA: 400 * time.Second, Elapsed: 101 * time.Second}, ""))
	assert.Equal(t, "import list: 0 tokens, 0.0/s, elapsed 0s", p.line(migrate.Progress{Phase: migrate.PhaseList}, ""))
	assert.Equal(t, "import write (created 192, differing 1): 193/1000 tokens (19%) interrupted, 38.0/s, elapsed 5s",
		p.line(migrate.Progress{Phase: migrate.PhaseWrite, Done: 193, Total: 1000, Created: 192, Differing: 1, Rate: 38,
			Elapsed: 5 * time.Second}, "interrupted"))
	p.command = "export"
	assert.Equal(t, "export: 10/10 tokens (100%), 5.0/s, elapsed 2s",
		p.line(migrate.Progress{Phase: migrate.PhaseExport, Done: 10, Total: 10, Rate: 5, ETA: time.Second, Elapsed: 2 * time.Second}, ""))
}

func TestPlainProgressPrintsEveryIntervalAndEachPhaseEnd(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progress{w: &out, command: "import", mode: progressPlain, every: 5 * time.Second, now: clock.now}
	for i := range 6 { // updates 2 s apart from the phase's start: a line at 6 s, none at 8 s and 10 s
		p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 500 * i, Total: 2500})
		clock.t = clock.t.Add(2 * time.Second)
	}
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 1, Total: 3, ETA: time.Second}) // the list phase ends
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 2, Total: 3, Note: "waiting 2s for 1 create(s)"})
	p.finish(nil)
	assert.Equal(t, "import list: 1500/2500 tokens (60%), 0.0/s, elapsed 0s\n"+
		"import list: 2500/2500 tokens (100%), 0.0/s, elapsed 0s\n"+
		"import: waiting 2s for 1 create(s)\n"+
		"import write: 2/3 tokens (66%), 0.0/s, elapsed 0s\n", out.String(), "the last line has no ETA: the phase is over")
}

func TestPlainProgressDoesNotRepeatAPhasesLineWhoseCountDidNotChange(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progress{w: &out, command: "import", mode: progressPlain, every: 5 * time.Second, now: clock.now}
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 1, Total: 3})
	clock.t = clock.t.Add(6 * time.Second)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 2, Total: 3, Created: 2, ETA: 3 * time.Second}) // printed
	clock.t = clock.t.Add(time.Second)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 2, Total: 3, Created: 2}) // a wait ends: nothing new
	p.update(migrate.Progress{Phase: migrate.PhaseSettle, Done: 1, Total: 1, Created: 3})
	p.finish(nil)
	assert.Equal(t, "import write (created 2): 2/3 tokens (66%), 0.0/s, ETA 3s, elapsed 0s\n"+
		"import settle (created 3): 1/1 token (100%), 0.0/s, elapsed 0s\n", out.String())
}

func TestPlainProgressSaysWhyThePhaseEndedEarly(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progress{w: &out, command: "import", mode: progressPlain, every: 5 * time.Second, now: clock.now}
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 1, Total: 8})
	clock.t = clock.t.Add(6 * time.Second)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 5, Total: 8}) // printed: 5 s have passed
	p.finish(fmt.Errorf("paymenttokens: %w", migrate.ErrInterrupted))
	assert.Equal(t, "import write: 5/8 tokens (62%), 0.0/s, elapsed 0s\n"+
		"import write: 5/8 tokens (62%) interrupted, 0.0/s, elapsed 0s\n", out.String(), "printed again, to say so")
}

func TestTerminalDrawsOneLinePerPhaseWithItsFinalCount(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := terminalProgress(&out, "import", 100, clock)
	for _, s := range []migrate.Progress{
		{Phase: migrate.PhaseCheck, Done: 40},
		{Phase: migrate.PhaseList},
		{Phase: migrate.PhaseWrite, Total: 40},
		{Phase: migrate.PhaseWrite, Done: 12, Total: 40, Created: 12, Rate: 48, ETA: 583 * time.Millisecond},
		{Phase: migrate.PhaseWrite, Done: 31, Total: 40, Created: 31, Rate: 62, ETA: 145 * time.Millisecond},
		{Phase: migrate.PhaseWrite, Done: 40, Total: 40, Created: 40, Rate: 66.7, Elapsed: 700 * time.Millisecond},
	} {
		p.update(s)
		clock.t = clock.t.Add(250 * time.Millisecond)
	}
	p.finish(nil)
	fmt.Fprintln(&out, "import tokens.jsonl: 40 tokens: created 40") // the summary, after finish
	assert.Equal(t, []string{
		"import check: 40 tokens, 0.0/s, elapsed 0s",
		"import list: 0 tokens, 0.0/s, elapsed 0s",
		"import write (created 40): [=========================] 40/40 tokens (100%), 66.7/s, elapsed 700ms",
		"import tokens.jsonl: 40 tokens: created 40",
	}, screen(t, out.String(), 100))
	assert.Contains(t, out.String(), "\r\x1b[Kimport write (created 12): [=====             ] 12/40 tokens (30%), 48.0/s, ETA 600ms, elapsed 0s\r",
		"the phase's line was drawn while it ran, its bar in the room its label leaves")
	assert.Equal(t, 9, strings.Count(out.String(), eraseLine), "each update drawn once, the end of each phase once more")
}

func TestTerminalShowsTheRealCountOfAnInterruptedPhase(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("paymenttokens: %w (run it again)", migrate.ErrInterrupted), "192/1000 tokens (19%) interrupted, "},
		{context.Canceled, "192/1000 tokens (19%) interrupted, "},
		{errors.New("paymenttokens: the API is unreachable"), "192/1000 tokens (19%) stopped, "},
		{fmt.Errorf("paymenttokens: %w: 2 failed", migrate.ErrSomeFailed), "192/1000 tokens (19%), "},
	} {
		var out strings.Builder
		p := terminalProgress(&out, "import", 120, &fakeClock{})
		p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 150, Total: 1000, Created: 150})
		p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 192, Total: 1000, Created: 192}) // not drawn: too soon
		p.finish(tc.err)
		lines := screen(t, out.String(), 120)
		require.Len(t, lines, 1, out.String())
		assert.Contains(t, lines[0], "import write (created 192): [=====                         ] "+tc.want, "%v", tc.err)
		assert.NotContains(t, out.String(), "100%")
	}
}

func TestTerminalSaysWhichPhaseWasInterrupted(t *testing.T) {
	var out strings.Builder
	p := terminalProgress(&out, "diff", 80, &fakeClock{})
	p.update(migrate.Progress{Phase: migrate.PhaseCheck, Done: 25})
	p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 2})
	p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 3})
	p.finish(context.Canceled)
	assert.Equal(t, []string{"diff check: 25 tokens, 0.0/s, elapsed 0s", "diff list: 3 tokens interrupted, 0.0/s, elapsed 0s"},
		screen(t, out.String(), 80), "a phase of unknown total ended by an interrupt")
}

func TestTerminalLineFitsTheWidth(t *testing.T) {
	s := migrate.Progress{Phase: migrate.PhaseWrite, Done: 500, Total: 1000, Created: 480, Updated: 12, Failed: 8,
		Rate: 41.5, ETA: 12 * time.Second, Elapsed: 30 * time.Second}
	for width, want := range map[int]string{
		150: "import write (created 480, updated 12, failed 8): [===============               ] 500/1000 tokens (50%), 41.5/s, ETA 12s, elapsed 30s",
		120: "import write (created 480, updated 12, failed 8): [======       ] 500/1000 tokens (50%), 41.5/s, ETA 12s, elapsed 30s",
		100: "import write (created 480, updated 12, failed 8): 500/1000 tokens (50%), 41.5/s, ETA 12s, elapsed",
		40:  "import write (created 480, updated 12",
		1:   "",
	} {
		var out strings.Builder
		p := terminalProgress(&out, "import", width, &fakeClock{})
		p.update(s)
		assert.Equal(t, eraseLine+want, out.String(), "width %d: a bar of up to 30 cells when there is room for 10; cut, never wrapped", width)
		assert.LessOrEqual(t, len([]rune(want)), max(width-spareColumns, 0), "the last column stays free, and room for ^C")
	}
}

func TestTerminalRedrawsAtMostEveryRedrawInterval(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := terminalProgress(&out, "export", 80, clock)
	for i := range 9 { // 40 ms apart: drawn at 0, 120 and 240 ms, not at 320
		p.update(migrate.Progress{Phase: migrate.PhaseExport, Done: i, Total: 10})
		clock.t = clock.t.Add(40 * time.Millisecond)
	}
	assert.Equal(t, 3, strings.Count(out.String(), eraseLine), out.String())
	assert.NotContains(t, out.String(), "8/10", "not drawn yet")
	p.finish(nil)
	assert.Equal(t, []string{"export: [========================      ] 8/10 tokens (80%), 0.0/s, elapsed 0s"},
		screen(t, out.String(), 80), "the end of the phase is always drawn")
}

func TestTerminalPrintsANoteAboveTheLine(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := terminalProgress(&out, "import", 100, clock)
	p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 3})
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 37, Total: 40, Created: 37})
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 37, Total: 40, Created: 37,
		Note: "waiting 1m58s for 3 create(s) of unknown outcome to land before reading the store"})
	p.message("interrupted: sending nothing new")
	p.update(migrate.Progress{Phase: migrate.PhaseSettle, Done: 3, Total: 3, Created: 40})
	p.finish(nil)
	assert.Equal(t, []string{
		"import list: 3 tokens, 0.0/s, elapsed 0s",
		"import: waiting 1m58s for 3 create(s) of unknown outcome to land before reading the store",
		"interrupted: sending nothing new",
		"import write (created 37): [===========================   ] 37/40 tokens (92%), 0.0/s, elapsed 0s",
		"import settle (created 40): [==============================] 3/3 tokens (100%), 0.0/s, elapsed 0s",
	}, screen(t, out.String(), 100))
}

func TestAMessageFromAnotherGoroutineKeepsTheLineWhole(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := terminalProgress(&out, "import", 100, clock)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Total: 100})
	var wg sync.WaitGroup
	wg.Go(func() { p.message("interrupted") })
	for i := range 100 {
		p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: i + 1, Total: 100})
	}
	wg.Wait()
	p.finish(nil)
	assert.Equal(t, []string{"interrupted", "import write: [==============================] 100/100 tokens (100%), 0.0/s, elapsed 0s"},
		screen(t, out.String(), 100))
}

func TestQuietProgressPrintsNothingButMessages(t *testing.T) {
	var out strings.Builder
	c := &cli{io: &ioStreams{errOut: &out}, flags: globalFlags{quiet: true}}
	p := c.newProgress("export", nil)
	p.update(migrate.Progress{Phase: migrate.PhaseExport, Done: 5, Total: 5, Note: "a note"})
	p.finish(nil)
	assert.Empty(t, out.String())
	p.message("interrupted")
	assert.Equal(t, "interrupted\n", out.String())
}

func TestNoPhaseNoLine(t *testing.T) {
	var out strings.Builder
	p := terminalProgress(&out, "import", 80, &fakeClock{})
	p.finish(errors.New("paymenttokens: a bad file"))
	assert.Empty(t, out.String(), "an operation that stopped before its first phase draws nothing")
}

// A display that gets no update for a while says that it still waits, in
// plain mode as on a terminal, until the operation ends.
func TestProgressSaysItStillWaitsWhenNothingChanges(t *testing.T) {
	var out syncBuffer
	c := &cli{io: &ioStreams{errOut: &out}, progress: progressState{stillEvery: 50 * time.Millisecond}}
	p := c.newProgress("export", nil)
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "still working") }, 5*time.Second, 10*time.Millisecond,
		"before any update: the first request may stall")
	p.update(migrate.Progress{Phase: migrate.PhaseExport, Done: 0, Total: 10})
	require.Eventually(t, func() bool { return strings.Count(out.String(), "still working") >= 2 }, 5*time.Second, 10*time.Millisecond)
	p.finish(nil)
	said := strings.Count(out.String(), "still working")
	time.Sleep(150 * time.Millisecond)
	assert.Equal(t, said, strings.Count(out.String(), "still working"), "silent once finished")
	assert.Contains(t, out.String(), "export: still working: nothing changed for 0s (waiting for the API to answer, which a request is given 2m to do, or for a settle window to pass)")
}
