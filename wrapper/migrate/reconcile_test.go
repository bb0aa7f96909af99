package migrate_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/tests/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// importAll imports tokens 1-n into s with a journal and returns the result.
func importAll(t *testing.T, s *store, n, concurrency int) (*migrate.Result, error) {
	t.Helper()
	return migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, n))},
		migrate.ImportOptions{Concurrency: concurrency, Journal: filepath.Join(t.TempDir(), "j"), IDMap: filepath.Join(t.TempDir(), "ids.csv")})
}

func TestACreateCutAfterItWasAppliedIsMatchedNotResent(t *testing.T) {
	for _, concurrency := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", concurrency), func(t *testing.T) {
			// The sandbox applies creates 3, 4 and 9, then cuts their answers: the outcome is unknown.
			s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutMidBody}, nil, 3, 4, 9))
			res, err := importAll(t, s, 12, concurrency)
			require.NoError(t, err)
			assert.Equal(t, 12, res.Created)
			assert.Equal(t, 3, res.Reconciled)
			assert.Equal(t, 12, s.n.count(http.MethodPost), "no create is sent twice")
			assert.LessOrEqual(t, s.n.count(http.MethodGet), 3+3*2, "the listing (a count, an empty page, a count), then each reconcile reads the count and the tail only")
			requireHolds(t, s.sb, tokens(1, 12))
		})
	}
}

func TestReconcileReadsOnlyWhatThisRunCreated(t *testing.T) {
	// pm_1 is applied after 50 ms and cut; pm_2, sent meanwhile, is applied
	// after it and confirmed before the reconcile may start. The tail after
	// the listing is then [pm_1 in doubt, pm_2 confirmed]: one page settles
	// it, with no second listing.
	s := newStore(t, onCreateOf(map[string]sandbox.Fault{
		"pm_1": {Delay: 50 * time.Millisecond, Cut: sandbox.CutMidBody},
		"pm_2": {Delay: 150 * time.Millisecond},
	}))
	res, err := importAll(t, s, 2, 2)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Created)
	assert.Equal(t, 1, res.Reconciled)
	requireHolds(t, s.sb, tokens(1, 2))
	assert.Equal(t, 3+2, s.n.count(http.MethodGet), "the listing (a count, an empty page, a count), the count and the tail")
}

func TestACreateCutBeforeItWasAppliedIsSentAgainAfterReading(t *testing.T) {
	s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutBeforeHandling}, nil, 2, 5))
	res, err := importAll(t, s, 6, 2)
	require.NoError(t, err)
	assert.Equal(t, 6, res.Created)
	assert.Equal(t, 2, res.Reconciled)
	requireHolds(t, s.sb, tokens(1, 6))
}

func TestReconcileListsEverythingWhenTheCountDoesNotAddUp(t *testing.T) {
	for _, tc := range []struct {
		name string
		cut  sandbox.Cut
		gets int
	}{
		// A foreign token and the cut create: two new tokens for one in doubt,
		// so the listing (a count, an empty page, a count), the count and a
		// second listing (a count, a page, one past the end, a count).
		{"applied", sandbox.CutMidBody, 3 + 1 + 4},
		// Only the foreign token is new: the tail read finds a key that is not
		// in doubt, so the whole store is listed after it.
		{"not applied", sandbox.CutBeforeHandling, 3 + 2 + 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sb *sandbox.Server
			foreign := token(99)
			s := newStore(t, onPosts(sandbox.Fault{Cut: tc.cut}, func() { sb.Seed(unsaved(tokens(99, 99))...) }, 3))
			sb = s.sb
			res, err := importAll(t, s, 5, 1)
			require.NoError(t, err)
			assert.Equal(t, 5, res.Created)
			assert.Equal(t, 1, res.Reconciled)
			requireHolds(t, s.sb, append(tokens(1, 5), foreign))
			assert.Equal(t, tc.gets, s.n.count(http.MethodGet))
		})
	}
}

func TestACreateWhoseOutcomeCannotBeSettledFailsWithoutBeingResent(t *testing.T) {
	cut := onPosts(sandbox.Fault{Cut: sandbox.CutMidBody}, nil, 2)
	var counts atomic.Int32
	s := newStore(t, func(r *http.Request) *sandbox.Fault {
		// The listing before the import takes its two counts; every later one is cut.
		if r.Method == http.MethodGet && r.URL.Query().Get("countonly") != "" && counts.Add(1) > 2 {
			return &sandbox.Fault{Cut: sandbox.CutBeforeHandling}
		}
		return cut(r)
	})
	res, err := importAll(t, s, 3, 1)
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 2, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "outcome is unknown")
	assert.Contains(t, res.Failures[0].Reason, "run the import again with the same journal")
	assert.Equal(t, 3, s.n.count(http.MethodPost))
	requireHolds(t, s.sb, tokens(1, 3)) // token 2 was applied before the cut
}

func TestACreateUnknownEveryTimeGivesUpAfterThreeReads(t *testing.T) {
	s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutBeforeHandling}, nil, 2, 3, 4))
	res, err := importAll(t, s, 2, 1)
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	require.Len(t, res.Failures, 1)
	assert.Contains(t, res.Failures[0].Reason, "outcome was unknown 3 times")
	assert.Equal(t, 4, s.n.count(http.MethodPost))
	requireHolds(t, s.sb, tokens(1, 1))
}
