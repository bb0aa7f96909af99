package migrate_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// holdLimit bounds how long a test waits for a run to reach a point.
const holdLimit = 10 * time.Second

// spellings name 127.0.0.1, where the tests' sandboxes listen, otherwise.
var spellings = []string{"localhost", "LOCALHOST", "[::ffff:127.0.0.1]", "127.0.0.1"}

// respelled is a client of s's store whose base URL names its host as host.
func respelled(t *testing.T, s *store, host string) *wrapper.Client {
	t.Helper()
	u, err := url.Parse(s.base)
	require.NoError(t, err)
	u.Host = host + ":" + u.Port()
	hc, err := contract.NewHTTPClient(t)
	require.NoError(t, err)
	c, err := wrapper.New(wrapper.Credentials(s.sb.Credentials()), wrapper.WithBaseURL(u.String()), wrapper.WithHTTPClient(hc),
		wrapper.WithRateLimit(0, 0), wrapper.WithRetryWait(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	return c
}

// holdFirstCreate reports on held when the first create arrives and holds
// it until release is closed (at most holdLimit); then it is applied.
func holdFirstCreate(held chan<- struct{}, release <-chan struct{}) sandbox.FaultFunc {
	var posts atomic.Int32
	return func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost || posts.Add(1) != 1 {
			return nil
		}
		held <- struct{}{}
		select {
		case <-release:
		case <-time.After(holdLimit):
		}
		return nil
	}
}

// Every spelling of the store's API host is one store to its lock: while
// an import runs, an import (or a dry run) by another spelling is refused
// before any request.
func TestEverySpellingOfTheStoreIsOneStoreToItsLock(t *testing.T) {
	migrate.UseLockRoot(t, t.TempDir())
	held, release := make(chan struct{}, 1), make(chan struct{})
	s := newStore(t, holdFirstCreate(held, release))
	path := writeTokens(t, "t.jsonl", tokens(1, 3))
	first := make(chan error, 1)
	go func() {
		_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Concurrency: 1, Settle: testSettle})
		first <- err
	}()
	finish := sync.OnceValue(func() error { close(release); return <-first })
	defer finish() // the first import ends before the sandbox closes, whatever fails
	select {
	case <-held:
	case <-time.After(holdLimit):
		t.Fatal("timed out waiting for the first import's first create")
	}

	requests := s.n.count(http.MethodGet) + s.n.writes()
	for _, host := range spellings {
		c := respelled(t, s, host)
		for _, dry := range []bool{false, true} {
			_, err := migrate.Import(context.Background(), c, migrate.Source{Path: path}, migrate.ImportOptions{DryRun: dry})
			require.ErrorIs(t, err, migrate.ErrStoreBusy, "%s, dry run %v", host, dry)
		}
	}
	assert.Equal(t, requests, s.n.count(http.MethodGet)+s.n.writes(), "refused before any request")

	require.NoError(t, finish())
	for _, host := range spellings {
		res, err := migrate.Import(context.Background(), respelled(t, s, host), migrate.Source{Path: path}, migrate.ImportOptions{})
		require.NoError(t, err, "%s: the lock ended with its run", host)
		assert.Equal(t, 3, res.Unchanged)
	}
	requireHolds(t, s.sb, tokens(1, 3))
}

// A journal is bound to the store, not to the spelling of its API's host:
// begun by one, it resumes by another.
func TestAJournalResumesByAnotherSpellingOfItsStore(t *testing.T) {
	s, path, journal := interrupted(t, 5, 2, 1)
	_, err := migrate.Import(context.Background(), respelled(t, s, "localhost"), migrate.Source{Path: path},
		migrate.ImportOptions{Journal: journal, Settle: testSettle})
	require.NoError(t, err)
	requireHolds(t, s.sb, tokens(1, 5))
}
