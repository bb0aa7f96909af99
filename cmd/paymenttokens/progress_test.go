package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestPlainProgressLine(t *testing.T) {
	p := &progress{command: "import"}
	assert.Equal(t, "import write (created 150, failed 2): 200/1000 tokens (20%), 2.0/s, ETA 6m40s, elapsed 1m41s",
		p.line(migrate.Progress{Phase: migrate.PhaseWrite, Done: 200, Total: 1000, Created: 150, Unchanged: 0, Failed: 2,
			Rate: 2, ETA: 400 * time.Second, Elapsed: 101 * time.Second}))
	assert.Equal(t, "import list: 0 tokens, 0.0/s, elapsed 0s", p.line(migrate.Progress{Phase: migrate.PhaseList}))
	p.command = "export"
	assert.Equal(t, "export: 10/10 tokens (100%), 5.0/s, elapsed 2s",
		p.line(migrate.Progress{Phase: migrate.PhaseExport, Done: 10, Total: 10, Rate: 5, ETA: time.Second, Elapsed: 2 * time.Second}))
}

func TestPlainProgressPrintsEveryIntervalAndEachPhaseEnd(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progress{w: &out, command: "import", mode: progressPlain, every: 5 * time.Second, now: clock.now}
	for i := range 6 { // updates 2 s apart from the phase's start: a line at 6 s, none at 8 s and 10 s
		p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 500 * i, Total: 2500})
		clock.t = clock.t.Add(2 * time.Second)
	}
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 1, Total: 3}) // the list phase ends
	p.finish()
	assert.Equal(t, "import list: 1500/2500 tokens (60%), 0.0/s, elapsed 0s\n"+
		"import list: 2500/2500 tokens (100%), 0.0/s, elapsed 0s\n"+
		"import write: 1/3 tokens (33%), 0.0/s, elapsed 0s\n", out.String())
}

func TestBarShowsCountPerPhase(t *testing.T) {
	var out strings.Builder
	p := &progress{w: &out, command: "import", mode: progressBar, every: plainEvery, now: time.Now}
	p.update(migrate.Progress{Phase: migrate.PhaseList, Total: 0})
	p.update(migrate.Progress{Phase: migrate.PhaseList, Done: 7, Total: 7})
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 4, Total: 10, Created: 4})
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 10, Total: 10, Created: 10})
	p.finish()
	assert.Contains(t, out.String(), "import list")
	assert.Contains(t, out.String(), "import write (created 4)  40% |")
	assert.Contains(t, out.String(), "(4/10, ", "the count drawn with its own description")
	assert.Contains(t, out.String(), "import write (created 10) 100% |")
	assert.Contains(t, out.String(), "(10/10, ")
}

func TestQuietProgressPrintsNothing(t *testing.T) {
	var out strings.Builder
	c := &cli{stderr: &out, quiet: true}
	p := c.newProgress("export")
	p.update(migrate.Progress{Phase: migrate.PhaseExport, Done: 5, Total: 5})
	p.finish()
	assert.Empty(t, out.String())
}
