package migrate_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// etaRate and etaBurst pace both the sandbox's limit and the client: ten
// times the API's rate and a fifth of its burst, so that a run shows the
// burst and then the rate within seconds.
const (
	etaRate  = 20
	etaBurst = 10
)

// snapshot is one progress call with when it came.
type snapshot struct {
	at time.Time
	p  migrate.Progress
}

func TestTheTimeLeftComesFromThePacingFromTheFirstTenthOfTheRunOn(t *testing.T) {
	sb := newSandbox(t, sandbox.WithRateLimit(etaRate, etaBurst))
	t.Cleanup(sb.Close)
	c, err := sb.Client(wrapper.WithRateLimit(etaRate, etaBurst))
	require.NoError(t, err)
	const n = 120 // (120 - 9) / 20 = 5.5 s
	file := writeTokens(t, "tokens.jsonl", tokens(1, n))
	var mu sync.Mutex
	var seen []snapshot
	_, err = migrate.Import(t.Context(), c, migrate.Source{Path: file}, migrate.ImportOptions{Progress: func(p migrate.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if p.Phase == migrate.PhaseWrite {
			seen = append(seen, snapshot{time.Now(), p})
		}
	}})
	require.NoError(t, err)
	require.NotEmpty(t, seen)
	end := seen[len(seen)-1].at // the write phase's last report: its end
	checked := 0
	for _, s := range seen {
		truth := end.Sub(s.at)
		if s.p.Done < n/10 || truth < time.Second {
			continue // before a tenth of the run, or too near its end for a share to mean anything
		}
		checked++
		// The pacing is the tool's own: the estimate is its arithmetic. The
		// bound leaves 15 % of the time left, and a tenth of a second for the
		// moments between a report and the request it counts.
		assert.InDelta(t, truth.Seconds(), s.p.ETA.Seconds(), 0.15*truth.Seconds()+0.1,
			"at %d/%d: ETA %v, %v left in fact", s.p.Done, n, s.p.ETA, truth)
	}
	assert.Greater(t, checked, 10, "reports every 250 ms over about 4 s")
}

func TestTheTimeLeftCountsTheSettleWindowAhead(t *testing.T) {
	// Every create is answered 504: each waits for its settle window, then
	// a read of the store, which finds them all.
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{GatewayTimeoutEvery: 1}))
	t.Cleanup(sb.Close)
	c, err := sb.Client(wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(0))
	require.NoError(t, err)
	file := writeTokens(t, "tokens.jsonl", tokens(1, 3))
	const settle = 2 * time.Second
	var mu sync.Mutex
	var waits []snapshot
	res, err := migrate.Import(t.Context(), c, migrate.Source{Path: file}, migrate.ImportOptions{Settle: settle, Progress: func(p migrate.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if p.Waiting != "" {
			waits = append(waits, snapshot{time.Now(), p})
		}
	}})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Created)
	require.NotEmpty(t, waits, "the wait was reported")
	w := waits[0].p
	assert.Equal(t, "3 create(s) of unknown outcome to land before reading the store", w.Waiting)
	assert.WithinDuration(t, waits[0].at.Add(settle), w.WaitUntil, settle, "until the window of the last create ends")
	assert.Greater(t, w.ETA, time.Duration(0), "the window ahead counts")
	assert.LessOrEqual(t, w.ETA, settle+time.Second)
}
