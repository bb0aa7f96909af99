package migrate_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// arrays is a sandbox behaviour that takes arrays on POST.
var arrays = sandbox.Behaviour{ArrayCreate: true}

// journalOps counts the journal's records by op.
func journalOps(t *testing.T, path string) map[string]int {
	t.Helper()
	ops := map[string]int{}
	for _, line := range journalLines(t, path) {
		var rec struct{ Op string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		ops[rec.Op]++
	}
	return ops
}

// requireIDMap checks that the id map names, for every token of want, the
// id the store holds its key under.
func requireIDMap(t *testing.T, path string, got map[string]wrapper.PaymentToken, want []wrapper.PaymentToken) {
	t.Helper()
	ids, err := tokenfile.ReadIDMap(path)
	require.NoError(t, err)
	require.Len(t, ids, len(want))
	for _, tok := range want {
		assert.Equal(t, got[tok.PaymentProfileID].PaymentTokenID, ids[tok.PaymentTokenID], "the id map row of %s", tok.PaymentProfileID)
	}
}

func TestBulkCreateSendsArraysAndJournalsEveryKey(t *testing.T) {
	s := newStoreBehaving(t, arrays, nil)
	journal, idmap := filepath.Join(t.TempDir(), "j"), filepath.Join(t.TempDir(), "ids.csv")
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 1234))},
		migrate.ImportOptions{BulkCreate: 500, Concurrency: 2, Journal: journal, IDMap: idmap, Settle: testSettle})
	require.NoError(t, err)
	assert.Equal(t, 1234, res.Created)
	assert.Equal(t, 3, s.n.count(http.MethodPost), "500 + 500 + 234")
	got := requireHolds(t, s.sb, tokens(1, 1234))
	requireIDMap(t, idmap, got, tokens(1, 1234))
	assert.Equal(t, map[string]int{"begin": 1, "run": 1, "intent": 1234, "created": 1234}, journalOps(t, journal))
}

func TestBulkCreateFailsARefusedTokenAloneAndCreatesTheOthers(t *testing.T) {
	s := newStoreBehaving(t, arrays, refuseCreateOf("pm_7"))
	journal := filepath.Join(t.TempDir(), "j")
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 20))},
		migrate.ImportOptions{BulkCreate: 10, Journal: journal, Settle: testSettle})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Equal(t, 19, res.Created)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 7, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "Invalid PaymentProfileID")
	assert.Zero(t, res.Reconciled, "a refusal is no unknown outcome")
	requireHolds(t, s.sb, append(tokens(1, 6), tokens(8, 20)...))
	assert.Equal(t, map[string]int{"begin": 1, "run": 1, "intent": 20, "created": 19, "refused": 1}, journalOps(t, journal))
}

func TestBulkCreateOnAStoreThatRefusesArraysCreatesNothing(t *testing.T) {
	s := newStore(t, nil)
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 4))},
		migrate.ImportOptions{BulkCreate: 4, Settle: testSettle})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Equal(t, 4, res.Failed)
	for _, f := range res.Failures {
		assert.Contains(t, f.Reason, "not an array")
	}
	assert.Empty(t, s.sb.Tokens())
}

func TestAnArrayWhoseOutcomeIsUnknownIsSettledByReadingNeverResentBlind(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cut   sandbox.Cut
		posts int
	}{
		{"applied, then cut", sandbox.CutMidBody, 3},                // matched from the listing, not sent again
		{"cut before it was applied", sandbox.CutBeforeHandling, 4}, // found absent, then sent again as one array
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStoreBehaving(t, arrays, onPosts(sandbox.Fault{Cut: tc.cut}, nil, 2))
			res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 25))},
				migrate.ImportOptions{BulkCreate: 10, Settle: testSettle, Journal: filepath.Join(t.TempDir(), "j")})
			require.NoError(t, err)
			assert.Equal(t, 25, res.Created)
			assert.Equal(t, 10, res.Reconciled, "each key of the cut array, settled by reading")
			assert.Equal(t, tc.posts, s.n.count(http.MethodPost))
			requireHolds(t, s.sb, tokens(1, 25))
		})
	}
}

// killedMidArray imports tokens 1-n in arrays of size and, while the
// sandbox handles the array numbered at, copies the journal (its intents
// are synced, its outcome is not) and stops the run; the copy is put back
// after, as if the process had been killed then. The array is applied
// before its answer is cut when applied is set, and never otherwise.
func killedMidArray(t *testing.T, n, size, at int, applied bool) (s *store, path, journal string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	journal = filepath.Join(t.TempDir(), "journal")
	var (
		mu       sync.Mutex
		snapshot []byte
	)
	fault := sandbox.Fault{Cut: sandbox.CutBeforeHandling}
	if applied {
		fault.Cut = sandbox.CutMidBody
	}
	s = newStoreBehaving(t, arrays, onPosts(fault, func() {
		b, err := os.ReadFile(journal)
		assert.NoError(t, err)
		mu.Lock()
		snapshot = b
		mu.Unlock()
		cancel()
	}, at))
	path = writeTokens(t, "t.jsonl", tokens(1, n))
	_, err := migrate.Import(ctx, s.c, migrate.Source{Path: path}, migrate.ImportOptions{BulkCreate: size, Journal: journal, Settle: testSettle})
	require.ErrorIs(t, err, context.Canceled)
	s.quiesce(t)
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, snapshot)
	require.Equal(t, at*size, strings.Count(string(snapshot), `"op":"intent"`), "every key of the array was journaled before it was sent")
	require.NoError(t, os.WriteFile(journal, snapshot, 0o600))
	return s, path, journal
}

func TestAnImportKilledWhileAnArrayWasInFlightResumesExactlyOnce(t *testing.T) {
	for _, applied := range []bool{true, false} {
		t.Run(map[bool]string{true: "applied", false: "not applied"}[applied], func(t *testing.T) {
			s, path, journal := killedMidArray(t, 45, 10, 2, applied)
			before := len(s.sb.Tokens())
			want := 10
			if applied {
				want = 20
			}
			require.Equal(t, want, before, "the first array, and the second when applied")
			s.n.reset()

			idmap := filepath.Join(t.TempDir(), "ids.csv")
			res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path},
				migrate.ImportOptions{BulkCreate: 10, Journal: journal, IDMap: idmap, Settle: testSettle})
			require.NoError(t, err)
			assert.Equal(t, 45-before, res.Created)
			assert.Equal(t, before, res.Unchanged)
			assert.Equal(t, 20, res.Reconciled, "the keys of the array in flight, and of the answered one the killed run had not yet paired by reading, settled by reading")
			posts := 3 // 25 tokens left, in arrays of 10
			if !applied {
				posts = 4 // and the 10 the killed run sent but the store never applied, after their window
			}
			assert.Equal(t, posts, s.n.count(http.MethodPost))
			got := requireHolds(t, s.sb, tokens(1, 45))
			requireIDMap(t, idmap, got, tokens(1, 45))
		})
	}
}

func TestAMigrationIntoAMisbehavingStoreWithBulkCreateEndsWithEveryKeyOnce(t *testing.T) {
	// Every second create request is answered 504 by the gateway and lands
	// later, pages hold 300 tokens at most, PUT merges.
	b := sandbox.Behaviour{ArrayCreate: true, GatewayTimeoutEvery: 2, ApplyLate: 10 * time.Millisecond, PageCap: 300, MergePUT: true}
	s := newStoreBehaving(t, b, nil)
	file := tokens(1, 1303) // 1300 to create: 13 arrays of 100, so which ones time out does not change the count
	// The target holds three of the file's keys already: one as the file has
	// it, one differing in a field the file sets, and one holding an OrderID
	// the file leaves empty, which a merging PUT cannot clear.
	held := unsaved(file[:3])
	held[1].GatewayName = "Braintree"
	held[2].GatewayName = "Braintree"
	file[2].OrderID = 0
	s.sb.Seed(held...)

	journal, idmap := filepath.Join(t.TempDir(), "j"), filepath.Join(t.TempDir(), "ids.csv")
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", file)},
		migrate.ImportOptions{BulkCreate: 100, Concurrency: 2, PageSize: 300, PUTMerges: true, Update: true,
			Journal: journal, IDMap: idmap, Settle: time.Second}) // far past the 10 ms landing, even on a loaded machine
	require.ErrorIs(t, err, migrate.ErrSomeFailed, "the token whose field cannot be cleared")
	assert.Equal(t, []int{1300, 1, 1, 1}, []int{res.Created, res.Unchanged, res.Updated, res.Failed})
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 3, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "cannot clear OrderID")
	assert.Equal(t, 13, s.n.count(http.MethodPost), "13 arrays, none sent twice")
	assert.Equal(t, 1, s.n.count(http.MethodPut), "the one update that can be made")
	timedOut := 6 // the 2nd, 4th, …, 12th array to arrive
	assert.Equal(t, timedOut*100, res.Reconciled, "each key of the arrays the gateway timed out, settled by reading")

	want := append([]wrapper.PaymentToken{file[0], file[1], held[2]}, file[3:]...) // the third left as it was, and reported
	got := requireHolds(t, s.sb, want)
	requireIDMap(t, idmap, got, file)
	ops := journalOps(t, journal)
	assert.Equal(t, 1300, ops["created"]+ops["matched"], "every created key journaled once")
	assert.Equal(t, timedOut*100, ops["matched"])
}

func TestBulkCreatePairsIdsByKeyWhateverOrderTheAnswerListsThem(t *testing.T) {
	for _, tc := range []struct {
		name       string
		answer     sandbox.ArrayAnswer
		reconciled int
	}{
		{"reversed", sandbox.AnswerReversed, 0},              // the read of the store proves which token got which id
		{"drops its last item", sandbox.AnswerDropsLast, 25}, // cannot be paired: settled by reading, never sent again
		{"repeats its first item", sandbox.AnswerRepeatsFirst, 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStoreBehaving(t, sandbox.Behaviour{ArrayCreate: true, ArrayAnswer: tc.answer}, nil)
			journal, idmap := filepath.Join(t.TempDir(), "j"), filepath.Join(t.TempDir(), "ids.csv")
			res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 25))},
				migrate.ImportOptions{BulkCreate: 10, Journal: journal, IDMap: idmap, Settle: testSettle})
			require.NoError(t, err)
			assert.Equal(t, 25, res.Created)
			assert.Equal(t, tc.reconciled, res.Reconciled)
			assert.Equal(t, 3, s.n.count(http.MethodPost), "no create sent twice")
			got := requireHolds(t, s.sb, tokens(1, 25))
			requireIDMap(t, idmap, got, tokens(1, 25))
			ops := journalOps(t, journal)
			assert.Equal(t, 25, ops["created"]+ops["matched"])
			assert.Equal(t, tc.reconciled, ops["matched"])
		})
	}
}

func TestBulkCreateAnsweredOutOfOrderFailsTheRefusedTokenAlone(t *testing.T) {
	s := newStoreBehaving(t, sandbox.Behaviour{ArrayCreate: true, ArrayAnswer: sandbox.AnswerReversed}, refuseCreateOf("pm_7"))
	idmap := filepath.Join(t.TempDir(), "ids.csv")
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 20))},
		migrate.ImportOptions{BulkCreate: 10, Journal: filepath.Join(t.TempDir(), "j"), IDMap: idmap, Settle: testSettle})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Equal(t, 19, res.Created)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 7, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "Invalid PaymentProfileID")
	want := append(tokens(1, 6), tokens(8, 20)...)
	got := requireHolds(t, s.sb, want)
	requireIDMap(t, idmap, got, want)
}
