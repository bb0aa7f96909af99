package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// countdown matches the wait of a progress line and captures the time left.
var countdown = regexp.MustCompile(`waiting ([\dhms.]+) \(until \d\d:\d\d:\d\d\) for 4 create\(s\) of unknown outcome to land before reading the store`)

func TestATerminalsLineCountsDownAWait(t *testing.T) {
	var out syncBuffer
	p := &progress{w: &out, command: "import", mode: progressTerminal, every: plainEvery, now: time.Now,
		width: func() int { return 200 }, ticking: make(chan struct{})}
	go p.countdown(p.ticking)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 6, Total: 10, Created: 6, ETA: 20 * time.Second,
		Waiting: "4 create(s) of unknown outcome to land before reading the store", WaitUntil: time.Now().Add(20 * time.Second)})
	left := map[string]bool{}
	require.Eventually(t, func() bool {
		for _, m := range countdown.FindAllStringSubmatch(out.String(), -1) {
			left[m[1]] = true
		}
		return len(left) >= 3
	}, 10*time.Second, 50*time.Millisecond, "redrawn every second with the time left, with no update coming: %q", out.String())
	p.finish(nil)
	assert.Contains(t, out.String(), ", ETA 1", "the time left moves on too")
	assert.NotContains(t, screen(t, out.String(), 200)[0], "waiting", "the phase's final line has no wait")
}

func TestAPlainDisplaySaysWhatItWaitsForEveryWhile(t *testing.T) {
	var out syncBuffer
	c := &cli{io: &ioStreams{errOut: &out}, progress: progressState{stillEvery: 50 * time.Millisecond}}
	p := c.newProgress("import", nil)
	p.update(migrate.Progress{Phase: migrate.PhaseWrite, Done: 6, Total: 10,
		Waiting: "4 create(s) of unknown outcome to land before reading the store", WaitUntil: time.Now().Add(time.Minute)})
	require.Eventually(t, func() bool { return strings.Count(out.String(), "import: still waiting") >= 2 }, 5*time.Second, 10*time.Millisecond)
	p.finish(nil)
	assert.Regexp(t, `import: still `+countdown.String(), out.String())
}

func TestARetrysBackOffIsShownAsAWait(t *testing.T) {
	clock := &fakeClock{t: time.Date(2024, 5, 1, 14, 3, 0, 0, time.Local)}
	until := clock.t.Add(12 * time.Second)
	p := &progress{command: "import", now: clock.now, pacing: func() wrapper.Pacing {
		return wrapper.Pacing{PerSecond: 2, RetryUntil: until, RetryCause: "status 429"}
	}}
	assert.Equal(t, "import write: 3/10 tokens (30%), 0.0/s, elapsed 0s, waiting 12s (until 14:03:12) for the API (status 429): the request is sent again",
		p.line(migrate.Progress{Phase: migrate.PhaseWrite, Done: 3, Total: 10}, ""))
	clock.t = clock.t.Add(13 * time.Second)
	assert.Equal(t, "import write: 3/10 tokens (30%), 0.0/s, elapsed 0s", p.line(migrate.Progress{Phase: migrate.PhaseWrite, Done: 3, Total: 10}, ""),
		"once the wait is over, nothing of it")
}
