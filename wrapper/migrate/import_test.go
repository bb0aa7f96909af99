package migrate_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestImportCreatesEveryTokenAndMapsTheirIDs(t *testing.T) {
	for _, name := range []string{"tokens.jsonl", "tokens.csv"} {
		t.Run(name, func(t *testing.T) {
			s := newStore(t, nil)
			s.sb.Seed(unsaved(tokens(100, 101))...) // other keys, which stay
			src := tokens(1, 7)
			idmap := filepath.Join(t.TempDir(), "ids.csv")

			res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, name, src)},
				migrate.ImportOptions{IDMap: idmap, Journal: filepath.Join(t.TempDir(), "j")})
			require.NoError(t, err)
			assert.Equal(t, 7, res.Tokens)
			assert.Equal(t, 7, res.Created)
			assert.Zero(t, res.Updated+res.Unchanged+res.Deleted+res.Failed)
			assert.Equal(t, 7, s.n.count(http.MethodPost))
			assert.Equal(t, 4, s.n.count(http.MethodGet), "the target is listed once: a count, a page, one past the end, a count")

			got := requireHolds(t, s.sb, append(tokens(100, 101), src...))
			ids, err := tokenfile.ReadIDMap(idmap)
			require.NoError(t, err)
			require.Len(t, ids, 7)
			for _, tok := range src {
				assert.Equal(t, got[tok.PaymentProfileID].PaymentTokenID, ids[tok.PaymentTokenID], "source id %d", tok.PaymentTokenID)
			}
		})
	}
}

func TestImportTwiceWritesNothingTheSecondTime(t *testing.T) {
	s := newStore(t, nil)
	path := writeTokens(t, "tokens.jsonl", tokens(1, 12))
	opts := migrate.ImportOptions{Update: true, Prune: true, Concurrency: 3, Journal: filepath.Join(t.TempDir(), "j")}
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, opts)
	require.NoError(t, err)
	require.Equal(t, 12, s.n.count(http.MethodPost))
	s.n.reset()

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, opts)
	require.NoError(t, err)
	assert.Zero(t, s.n.writes(), "a re-run sends no write")
	assert.Equal(t, 12, res.Unchanged)
	assert.Zero(t, res.Created+res.Updated+res.Deleted+res.Failed)
	requireHolds(t, s.sb, tokens(1, 12))
}

func TestImportMatchesTokensTheTargetHoldsByKey(t *testing.T) {
	s := newStore(t, nil)
	s.sb.Seed(unsaved(tokens(4, 6))...) // ids 1-3 in the target; 4-6 in the file
	idmap := filepath.Join(t.TempDir(), "ids.csv")

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.csv", tokens(1, 6))},
		migrate.ImportOptions{IDMap: idmap})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Created)
	assert.Equal(t, 3, res.Unchanged)
	assert.Equal(t, 3, s.n.count(http.MethodPost))
	got := requireHolds(t, s.sb, tokens(1, 6))
	ids, err := tokenfile.ReadIDMap(idmap)
	require.NoError(t, err)
	assert.Len(t, ids, 6, "matched tokens are mapped too")
	for _, tok := range tokens(1, 6) {
		assert.Equal(t, got[tok.PaymentProfileID].PaymentTokenID, ids[tok.PaymentTokenID])
	}
}

func TestImportUpdatesDifferingTokensOnlyWithUpdate(t *testing.T) {
	s := newStore(t, nil)
	stale := unsaved(tokens(1, 4))
	stale[1].GatewayName, stale[2].CardExpYear = "Old", 2029
	s.sb.Seed(stale...)
	path := writeTokens(t, "t.jsonl", tokens(1, 4))

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Unchanged)
	assert.Equal(t, 2, res.Differing, "matched by key but differing: counted apart, not as unchanged")
	assert.Zero(t, s.n.writes())
	require.Len(t, res.Differences, 2)
	assert.Equal(t, 2, res.Differences[0].Line)
	assert.Equal(t, []migrate.FieldDiff{{Field: "GatewayName", File: "Stripe", Store: "Old"}}, res.Differences[0].Changes)

	res, err = migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Update: true})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Updated)
	assert.Equal(t, 2, res.Unchanged)
	assert.Equal(t, 1, s.n.count(http.MethodPut), "one bulk PUT")
	assert.Zero(t, s.n.count(http.MethodPost))
	got := requireHolds(t, s.sb, tokens(1, 4))
	assert.Equal(t, int32(2), got["pm_2"].PaymentTokenID, "an update keeps the target's id")
	updated := res.Samples[migrate.ActionUpdate]
	require.Len(t, updated, 2)
	assert.Equal(t, 3, updated[1].Line)
	assert.Equal(t, []migrate.FieldDiff{{Field: "CardExpYear", File: "2030", Store: "2029"}}, updated[1].Changes)
}

func TestImportUpdatesInBatchesOf500(t *testing.T) {
	s := newStore(t, nil, wrapper.WithBatchSize(500))
	stale := unsaved(tokens(1, 1001))
	for i := range stale {
		stale[i].GatewayName = "Old"
	}
	s.sb.Seed(stale...)
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 1001))},
		migrate.ImportOptions{Update: true})
	require.NoError(t, err)
	assert.Equal(t, 1001, res.Updated)
	assert.Equal(t, 3, s.n.count(http.MethodPut), "500 + 500 + 1")
	got := requireHolds(t, s.sb, tokens(1, 1001))
	for i, tok := range stale {
		assert.Equal(t, int32(i+1), got[tok.PaymentProfileID].PaymentTokenID)
	}
}

func TestImportPruneDeletesTokensAbsentFromTheFile(t *testing.T) {
	s := newStore(t, nil)
	s.sb.Seed(unsaved(tokens(1, 6))...)
	path := writeTokens(t, "t.jsonl", tokens(3, 8))

	plan, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Prune: true, MaxDelete: 2, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, 2, plan.Deleted)
	assert.Equal(t, 2, plan.Created)
	require.Len(t, plan.Samples[migrate.ActionDelete], 2)
	assert.Equal(t, int32(1), plan.Samples[migrate.ActionDelete][0].TargetID)
	assert.Equal(t, `GatewayID=7 CustomerProfileID="cus_1" PaymentProfileID="pm_1"`, plan.Samples[migrate.ActionDelete][0].Key)
	assert.Zero(t, s.n.writes())

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Prune: true, MaxDelete: 2})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Deleted)
	assert.Equal(t, 2, s.n.count(http.MethodDelete))
	requireHolds(t, s.sb, tokens(3, 8))
}

func TestDryRunSendsNoWriteAndReturnsThePlan(t *testing.T) {
	s := newStore(t, nil)
	stale := unsaved(tokens(1, 3))
	stale[0].GatewayName = "Old"
	s.sb.Seed(append(stale, unsaved(tokens(50, 51))...)...)
	src := tokens(1, 5)
	src[4].CustomerID = 999 // not in the customer map: fails
	customers := tokenfile.IDMap{}
	for _, tok := range src[:4] {
		customers[tok.CustomerID] = tok.CustomerID + 1
	}
	dir := t.TempDir()
	opts := migrate.ImportOptions{DryRun: true, Update: true, Prune: true, MaxDelete: 2, Samples: 1,
		Journal: filepath.Join(dir, "j"), IDMap: filepath.Join(dir, "ids.csv")}

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src), CustomerMap: customers}, opts)
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.True(t, res.DryRun)
	// The customer ids change for 1-3, so all three differ from the store.
	assert.Equal(t, []int{1, 3, 0, 2, 1}, []int{res.Created, res.Updated, res.Unchanged, res.Deleted, res.Failed})
	for _, a := range []migrate.Action{migrate.ActionCreate, migrate.ActionUpdate, migrate.ActionDelete, migrate.ActionFail} {
		assert.Len(t, res.Samples[a], 1, "%s: Samples caps the items kept", a)
	}
	assert.Equal(t, 4, res.Samples[migrate.ActionCreate][0].Line)
	assert.Equal(t, 5, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "CustomerID 999 is not in the customer map")
	assert.Contains(t, res.Failures[0].Key, "PaymentProfileID=", "a token that fails its remap is named by its key too")
	assert.Zero(t, s.n.writes(), "a dry run sends no write")
	assert.NoFileExists(t, opts.Journal)
	assert.NoFileExists(t, opts.IDMap)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "a dry run leaves no file behind")
}

func TestImportRefusesTwoTokensWithOneKeyBeforeAnyRequest(t *testing.T) {
	s := newStore(t, nil)
	src := tokens(1, 4)
	src[3].PaymentProfileID = src[1].PaymentProfileID
	src[3].CustomerProfileID = src[1].CustomerProfileID

	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src)}, migrate.ImportOptions{})
	var dup *tokenfile.DuplicateKeyError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, 2, dup.First)
	assert.Equal(t, 4, dup.Second)
	assert.Contains(t, err.Error(), `lines 2 and 4 have the same key GatewayID=7 CustomerProfileID="cus_2" PaymentProfileID="pm_2"`)
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestImportRefusesTwoTokensWithOneSourceID(t *testing.T) {
	s := newStore(t, nil)
	src := tokens(1, 3)
	src[2].PaymentTokenID = 1

	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.csv", src)}, migrate.ImportOptions{})
	var dup *tokenfile.DuplicateKeyError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, "PaymentTokenID=1", dup.Key)
	assert.Equal(t, []int{2, 4}, []int{dup.First, dup.Second}, "CSV rows count the header")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestImportRefusesANegativeSourceID(t *testing.T) {
	s := newStore(t, nil)
	src := tokens(1, 2)
	src[1].PaymentTokenID = -2
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src)}, migrate.ImportOptions{})
	require.ErrorContains(t, err, ":2: field PaymentTokenID: -2 is not an id")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestImportWritesNothingForAKeyTheTargetHoldsTwice(t *testing.T) {
	s := newStore(t, nil)
	twice := unsaved(tokens(2, 2))[0]
	twice.GatewayName = "Old"
	s.sb.Seed(twice, twice)
	src := tokens(1, 3)

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src)},
		migrate.ImportOptions{Update: true, Prune: true})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Equal(t, 2, res.Created)
	require.Len(t, res.Failures, 1)
	f := res.Failures[0]
	assert.Equal(t, 2, f.Line)
	assert.Equal(t, int32(2), f.SourceID)
	assert.Contains(t, f.Reason, "held by 2 tokens of the target (PaymentTokenID 1, 2)")
	assert.Zero(t, s.n.count(http.MethodPut)+s.n.count(http.MethodDelete), "neither is updated nor pruned")
	assert.Len(t, s.sb.Tokens(), 4)
}

func TestAFailedTokenDoesNotStopTheOthers(t *testing.T) {
	// The API refuses the create of one token (a 400, a definite refusal).
	s := newStore(t, refuseCreateOf("pm_3"))
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 5))},
		migrate.ImportOptions{Concurrency: 2})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Contains(t, err.Error(), "some tokens failed: 1 failed")
	assert.Equal(t, 4, res.Created)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 3, res.Failures[0].Line)
	assert.Equal(t, `GatewayID=7 CustomerProfileID="cus_0" PaymentProfileID="pm_3"`, res.Failures[0].Key)
	assert.Contains(t, res.Failures[0].Reason, "the API did not create it")
	assert.Equal(t, 5, s.n.count(http.MethodPost), "a refused create is not retried")
	requireHolds(t, s.sb, append(tokens(1, 2), tokens(4, 5)...))
}

func TestImportRemapsCustomerAndOrderIDs(t *testing.T) {
	s := newStore(t, nil)
	src := tokens(1, 4)
	src[1].OrderID = 0    // none: passes through
	src[2].CustomerID = 0 // none: passes through
	src[3].OrderID = 777  // not in the order map: fails
	customers := tokenfile.IDMap{501: 1501, 502: 1502, 504: 1504}
	orders := tokenfile.IDMap{9001: 19001, 9003: 19003}

	res, err := migrate.Import(context.Background(), s.c,
		migrate.Source{Path: writeTokens(t, "t.jsonl", src), CustomerMap: customers, OrderMap: orders}, migrate.ImportOptions{})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, 4, res.Failures[0].Line)
	assert.Contains(t, res.Failures[0].Reason, "OrderID 777 is not in the order map")
	want := src[:3]
	want[0].CustomerID, want[0].OrderID = 1501, 19001
	want[1].CustomerID = 1502
	want[2].OrderID = 19003
	requireHolds(t, s.sb, want)
}

func TestImportWithAnotherKey(t *testing.T) {
	s := newStore(t, nil)
	seeded := unsaved(tokens(1, 2))
	seeded[0].CustomerProfileID = "moved" // the default key no longer matches; PaymentProfileID alone does
	s.sb.Seed(seeded...)

	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 3)),
		Key: []string{"PaymentProfileID"}}, migrate.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Created)
	assert.Equal(t, 1, res.Unchanged)
	assert.Equal(t, 1, res.Differing)
	assert.Equal(t, `PaymentProfileID="pm_1"`, res.Differences[0].Key)

	_, err = migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 3)),
		Key: []string{"PaymentProfileId"}}, migrate.ImportOptions{})
	require.ErrorContains(t, err, `key field "PaymentProfileId" is not a token field`)
}

func TestImportRefusesPruneWhenAKeyCannotBeRemapped(t *testing.T) {
	s := newStore(t, nil)
	src := tokens(1, 2)
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src),
		Key: []string{"CustomerID", "PaymentProfileID"}, CustomerMap: tokenfile.IDMap{501: 1}}, migrate.ImportOptions{Prune: true})
	require.ErrorIs(t, err, migrate.ErrPruneRefused)
	require.ErrorContains(t, err, "prune refused: 1 token(s) (first on line 2)")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestImportRefusesToPruneWithAnEmptyFile(t *testing.T) {
	s := newStore(t, nil)
	s.sb.Seed(unsaved(tokens(1, 2))...)
	_, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeText(t, "t.csv", "PaymentProfileID\n")},
		migrate.ImportOptions{Prune: true, DryRun: true})
	require.ErrorContains(t, err, "the file holds no token, so prune would delete every token of the store")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestImportChecksItsArguments(t *testing.T) {
	s := newStore(t, nil)
	path := writeTokens(t, "t.jsonl", tokens(1, 1))
	for _, tc := range []struct {
		name string
		c    *wrapper.Client
		src  migrate.Source
		opts migrate.ImportOptions
		want string
	}{
		{"nil client", nil, migrate.Source{Path: path}, migrate.ImportOptions{}, "Client is nil"},
		{"no path", s.c, migrate.Source{}, migrate.ImportOptions{}, "Source.Path is empty"},
		{"concurrency", s.c, migrate.Source{Path: path}, migrate.ImportOptions{Concurrency: 65}, "Concurrency 65 is out of range"},
		{"samples", s.c, migrate.Source{Path: path}, migrate.ImportOptions{Samples: -1}, "Samples -1 is negative"},
		{"bulk create", s.c, migrate.Source{Path: path}, migrate.ImportOptions{BulkCreate: 501}, "BulkCreate 501 is out of range"},
		{"negative bulk create", s.c, migrate.Source{Path: path}, migrate.ImportOptions{BulkCreate: -1}, "BulkCreate -1 is out of range"},
		{"page size", s.c, migrate.Source{Path: path}, migrate.ImportOptions{PageSize: 501}, "PageSize 501 is out of range"},
		{"settle", s.c, migrate.Source{Path: path}, migrate.ImportOptions{Settle: 1000 * time.Hour}, "Settle 1000h0m0s is out of range: want up to 1h0m0s"},
		{"negative settle", s.c, migrate.Source{Path: path}, migrate.ImportOptions{Settle: -time.Second}, "Settle -1s is out of range"},
		{"format", s.c, migrate.Source{Path: path + ".txt"}, migrate.ImportOptions{}, "cannot tell the format"},
		{"missing file", s.c, migrate.Source{Path: path + ".csv"}, migrate.ImportOptions{}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := migrate.Import(context.Background(), tc.c, tc.src, tc.opts)
			require.ErrorContains(t, err, tc.want)
			assert.True(t, errors.Is(err, os.ErrNotExist) == (tc.name == "missing file"))
		})
	}
	assert.Zero(t, s.sb.Stats().Requests)
}
