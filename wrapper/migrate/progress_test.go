package migrate_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

func TestImportReportsProgressOfEveryPhase(t *testing.T) {
	s := newStore(t, refuseCreateOf("pm_9"))
	s.sb.Seed(unsaved(tokens(20, 21))...)
	var (
		calls  []migrate.Progress
		inside atomic.Bool
	)
	res, err := migrate.Import(t.Context(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 10))},
		migrate.ImportOptions{Prune: true, MaxDelete: 2, Concurrency: 4, Progress: func(p migrate.Progress) {
			require.False(t, inside.Swap(true), "progress is reported from one goroutine at a time")
			calls = append(calls, p)
			inside.Store(false)
		}})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)

	var phases []migrate.Phase
	for i, p := range calls {
		if i == 0 || calls[i-1].Phase != p.Phase {
			phases = append(phases, p.Phase)
		} else {
			assert.GreaterOrEqual(t, p.Done, calls[i-1].Done, "Done never goes back within a phase")
		}
		assert.GreaterOrEqual(t, p.Elapsed, calls[max(i-1, 0)].Elapsed)
	}
	assert.Equal(t, []migrate.Phase{migrate.PhaseCheck, migrate.PhaseList, migrate.PhaseWrite, migrate.PhasePrune}, phases)
	endOf := func(ph migrate.Phase) migrate.Progress {
		var last migrate.Progress
		for _, p := range calls {
			if p.Phase == ph {
				last = p
			}
		}
		return withoutTimes(last)
	}
	assert.Equal(t, 10, endOf(migrate.PhaseCheck).Done)
	assert.Equal(t, 2, endOf(migrate.PhaseList).Done)
	assert.Equal(t, migrate.Progress{Phase: migrate.PhaseWrite, Done: 10, Total: 10, Created: 9, Failed: 1}, endOf(migrate.PhaseWrite))
	assert.Equal(t, migrate.Progress{Phase: migrate.PhasePrune, Done: 2, Total: 2, Created: 9, Deleted: 2, Failed: 1}, endOf(migrate.PhasePrune))
	assert.Equal(t, []int{9, 2, 1}, []int{res.Created, res.Deleted, res.Failed})
	last := calls[len(calls)-1]
	assert.Positive(t, last.Rate)
	assert.Zero(t, last.ETA, "nothing is left")
}

func TestDiffReportsProgressOfTheCheckAndTheListing(t *testing.T) {
	s := newStore(t, nil)
	s.sb.Seed(unsaved(tokens(1, 3))...)
	var calls []migrate.Progress
	d, err := migrate.Diff(t.Context(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 4))},
		migrate.DiffOptions{Progress: func(p migrate.Progress) { calls = append(calls, withoutTimes(p)) }})
	require.NoError(t, err)
	assert.Equal(t, 3, d.Same)
	require.NotEmpty(t, calls)
	var phases []migrate.Phase
	for i, p := range calls {
		if i == 0 || calls[i-1].Phase != p.Phase {
			phases = append(phases, p.Phase)
		}
	}
	assert.Equal(t, []migrate.Phase{migrate.PhaseCheck, migrate.PhaseList}, phases)
	assert.Equal(t, migrate.Progress{Phase: migrate.PhaseList, Done: 3}, calls[len(calls)-1], "the listing's end")
}
