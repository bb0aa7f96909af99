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

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// importAll imports tokens 1-n into s with a journal and returns the result.
func importAll(t *testing.T, s *store, n, concurrency int) (*migrate.ImportResult, error) {
	t.Helper()
	return migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, n))},
		migrate.ImportOptions{Concurrency: concurrency, Settle: testSettle, Journal: filepath.Join(t.TempDir(), "j"), IDMap: filepath.Join(t.TempDir(), "ids.csv")})
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
			requireHolds(t, s.sb, tokens(1, 12))
		})
	}
}

func TestUnknownCreatesAreSettledInOneReadAfterTheOthers(t *testing.T) {
	// Creates 2 and 5 are cut after being applied: the other creates go on,
	// and one listing (count, page, count) after the window settles both.
	s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutMidBody}, nil, 2, 5))
	res, err := importAll(t, s, 8, 1)
	require.NoError(t, err)
	assert.Equal(t, 8, res.Created)
	assert.Equal(t, 2, res.Reconciled)
	assert.Equal(t, 8, s.n.count(http.MethodPost))
	assert.LessOrEqual(t, s.n.count(http.MethodGet), 2*4, "the first listing and one settling listing (each a count, the pages, one past the end, a count)")
	requireHolds(t, s.sb, tokens(1, 8))
}

func TestACreateCutBeforeItWasAppliedIsSentAgainAfterReading(t *testing.T) {
	s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutBeforeHandling}, nil, 2, 5))
	res, err := importAll(t, s, 6, 2)
	require.NoError(t, err)
	assert.Equal(t, 6, res.Created)
	assert.Equal(t, 2, res.Reconciled)
	assert.Equal(t, 8, s.n.count(http.MethodPost), "the two cut creates are sent once more each")
	requireHolds(t, s.sb, tokens(1, 6))
}

func TestAGatewayTimeoutFollowedByALateWriteIsNotSentAgain(t *testing.T) {
	// The "gateway" answers create 2 with 504 at once; the backend applies
	// it 150 ms later. A settle window longer than that sees it.
	var sb *sandbox.Server
	lateApplied := make(chan struct{})
	s := newStore(t, onPosts(sandbox.Fault{Status: http.StatusGatewayTimeout, Body: []byte("<html>504 Gateway Time-out</html>")}, func() {
		tok := token(2)
		tok.PaymentTokenID = 0
		time.AfterFunc(150*time.Millisecond, func() { sb.Seed(tok); close(lateApplied) })
	}, 2))
	sb = s.sb
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 3))},
		migrate.ImportOptions{Settle: 400 * time.Millisecond, Journal: filepath.Join(t.TempDir(), "j")})
	require.NoError(t, err)
	<-lateApplied
	assert.Equal(t, 3, res.Created)
	assert.Equal(t, 1, res.Reconciled)
	assert.Equal(t, 3, s.n.count(http.MethodPost), "the timed-out create is never sent again")
	requireHolds(t, s.sb, tokens(1, 3))
}

func TestACreateWhoseOutcomeCannotBeSettledStaysPendingForTheNextRun(t *testing.T) {
	var wasCut atomic.Bool
	cut := onPosts(sandbox.Fault{Cut: sandbox.CutMidBody}, func() { wasCut.Store(true) }, 2)
	s := newStore(t, func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodGet && wasCut.Load() { // the settling read fails
			return &sandbox.Fault{Status: http.StatusUnauthorized, Header: http.Header{"Content-Type": {"application/json"}},
				Body: []byte(`[{"Key":"Error","Status":"401","Message":"Unauthorized"}]`)}
		}
		return cut(r)
	})
	res, err := importAll(t, s, 3, 1)
	require.Error(t, err)
	assert.ErrorContains(t, err, "to settle 1 create(s) whose outcome is unknown")
	assert.Equal(t, 2, res.Created, "tokens 1 and 3")
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

func TestAnUnknownCreateIsNotSentBeforeItsWindowHasPassed(t *testing.T) {
	s := newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutBeforeHandling}, nil, 1))
	const settle = 300 * time.Millisecond
	began := time.Now()
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 1))},
		migrate.ImportOptions{Settle: settle})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(began), settle)
	assert.Equal(t, 1, res.Created)
	assert.Equal(t, 2, s.n.count(http.MethodPost))
}
