package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock returns now, moved by the test.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestPlainProgressLineHasCountShareRateAndETA(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := &progress{label: "import", total: 1000, now: clock.now, start: clock.t}
	clock.t = clock.t.Add(100 * time.Second)
	p.set(200, 1000)
	assert.Equal(t, "import: 200/1000 tokens (20%), 2.0/s, ETA 6m40s", p.line())
	p.set(200, -1)
	assert.Equal(t, "import: 200 tokens, 2.0/s", p.line())
	assert.Equal(t, "import: 200 tokens in 1m40s (2.0/s)", p.summary())
}

func TestPlainProgressPrintsEveryIntervalWhenSomethingChanged(t *testing.T) {
	var out syncBuffer
	p := &progress{w: &out, label: "export", total: -1, now: time.Now, start: time.Now()}
	p.plain(5 * time.Millisecond)
	p.set(3, -1)
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "export: 3 tokens") }, 5*time.Second, time.Millisecond)
	time.Sleep(30 * time.Millisecond) // several ticks without a change
	assert.Equal(t, 1, strings.Count(out.String(), "export: 3 tokens"), "a line only when the count moved")
	p.finish()
	assert.Contains(t, out.String(), "export: 3 tokens in ")
}

func TestBarDrawsCountAndStopsCleanly(t *testing.T) {
	var out syncBuffer
	p := &progress{w: &out, label: "import", total: 10, now: time.Now, start: time.Now()}
	p.bar = newBar(&out, "import", 10)
	p.set(4, 10)
	p.set(10, 10)
	p.finish()
	assert.Contains(t, out.String(), "10/10")
	assert.Contains(t, out.String(), "import: 10 tokens in ")
}

func TestQuietPrintsNothing(t *testing.T) {
	var out syncBuffer
	c := &cli{stderr: &out, quiet: true}
	p := c.newProgress("export", 5)
	p.set(5, 5)
	p.finish()
	assert.Empty(t, out.String())
}
