package migrate_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// interrupted imports tokens 1-n and stops the run (as a kill would) while
// the sandbox handles the create numbered at: that create is applied and
// its answer cut. It returns the store, the file and the journal.
func interrupted(t *testing.T, n, at, concurrency int) (s *store, path, journal string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s = newStore(t, onPosts(sandbox.Fault{Cut: sandbox.CutMidBody}, cancel, at))
	path = writeTokens(t, "t.jsonl", tokens(1, n))
	journal = filepath.Join(t.TempDir(), "journal")
	_, err := migrate.Import(ctx, s.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal, Concurrency: concurrency, Settle: testSettle})
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorContains(t, err, "run it again, with the same journal")
	s.quiesce(t)
	return s, path, journal
}

func TestAnInterruptedImportFinishesExactlyOnceWithTheSameJournal(t *testing.T) {
	for _, concurrency := range []int{1, 3} {
		s, path, journal := interrupted(t, 10, 4, concurrency)
		before := len(s.sb.Tokens())
		// Each worker finished its previous create before the 4th was sent;
		// those in flight at the interruption may or may not have been applied.
		require.GreaterOrEqual(t, before, 4-concurrency)
		require.Less(t, before, 10)
		s.n.reset()

		idmap := filepath.Join(t.TempDir(), "ids.csv")
		res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path},
			migrate.ImportOptions{Journal: journal, IDMap: idmap, Concurrency: concurrency, Settle: testSettle})
		require.NoError(t, err)
		assert.Equal(t, 10-before, res.Created)
		assert.Equal(t, before, res.Unchanged)
		assert.GreaterOrEqual(t, res.Reconciled, 1, "the create cut by the interruption was settled from the listing")
		assert.Equal(t, 10-before, s.n.count(http.MethodPost))
		got := requireHolds(t, s.sb, tokens(1, 10))
		ids, err := tokenfile.ReadIDMap(idmap)
		require.NoError(t, err)
		require.Len(t, ids, 10)
		for _, tok := range tokens(1, 10) {
			assert.Equal(t, got[tok.PaymentProfileID].PaymentTokenID, ids[tok.PaymentTokenID])
		}
	}
}

func TestATornLastJournalRecordIsIgnored(t *testing.T) {
	s, path, journal := interrupted(t, 5, 2, 1)
	f, err := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"op":"intent","key":"00`) // a crash in the middle of an append
	require.NoError(t, err)
	require.NoError(t, f.Close())

	_, err = migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal})
	require.NoError(t, err)
	requireHolds(t, s.sb, tokens(1, 5))
	for i, line := range journalLines(t, journal) {
		assert.True(t, json.Valid([]byte(line)), "line %d of the journal: %s", i+1, line)
	}
}

func TestADamagedJournalIsRefused(t *testing.T) {
	s, path, journal := interrupted(t, 5, 2, 1)
	lines := journalLines(t, journal)
	lines[1] = "garbage"
	require.NoError(t, os.WriteFile(journal, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	s.n.reset()

	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal})
	require.ErrorIs(t, err, migrate.ErrJournalDamaged)
	require.ErrorContains(t, err, "line 2 of "+journal+" cannot be read")
	assert.Zero(t, s.n.count(http.MethodGet)+s.n.writes())
}

func TestAJournalOfAnotherImportIsRefused(t *testing.T) {
	s, _, journal := interrupted(t, 5, 2, 1)
	s.n.reset()
	other := writeTokens(t, "t.jsonl", tokens(1, 6))

	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: other}, migrate.ImportOptions{Journal: journal})
	require.ErrorIs(t, err, migrate.ErrJournalMismatch)
	assert.Zero(t, s.n.count(http.MethodGet)+s.n.writes())
}

func TestAJournalOfAnotherStoreIsRefused(t *testing.T) {
	s, path, journal := interrupted(t, 5, 2, 1)
	other := newStore(t, nil)
	before, err := os.ReadFile(journal)
	require.NoError(t, err)

	_, err = migrate.Import(context.Background(), other.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal})
	require.ErrorIs(t, err, migrate.ErrJournalStore)
	assert.Contains(t, err.Error(), "was written for the store "+s.c.StoreName()+", and this client's store is "+other.c.StoreName()+",",
		"the stores are named as a person knows them")
	assert.Zero(t, other.n.count(http.MethodGet)+other.n.writes())
	after, err := os.ReadFile(journal)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))

	_, err = migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal})
	require.NoError(t, err, "its own store resumes it")
	requireHolds(t, s.sb, tokens(1, 5))
}

func TestTheJournalHoldsNoTokenField(t *testing.T) {
	s := newStore(t, nil)
	journal := filepath.Join(t.TempDir(), "journal")
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.csv", tokens(1, 5))},
		migrate.ImportOptions{Journal: journal})
	require.NoError(t, err)
	content, err := os.ReadFile(journal)
	require.NoError(t, err)
	for _, tok := range tokens(1, 5) {
		assert.NotContains(t, string(content), tok.PaymentProfileID)
		assert.NotContains(t, string(content), tok.CustomerProfileID)
	}
	ops := map[string]int{}
	for _, line := range journalLines(t, journal) {
		var rec struct{ Op string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		ops[rec.Op]++
	}
	assert.Equal(t, map[string]int{"begin": 1, "run": 1, "intent": 5, "created": 5}, ops)
}

// journalLines reads the journal's lines.
func journalLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	require.NoError(t, sc.Err())
	return lines
}
