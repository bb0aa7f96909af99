package migrate_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// clearing returns a store that merges PUTs holding tokens 1 and 2, and a
// file in which token 1 leaves OrderID empty (the store's cannot be
// cleared) and token 2 differs in GatewayName only.
func clearing(t *testing.T) (*store, string) {
	t.Helper()
	s := newStoreBehaving(t, sandbox.Behaviour{MergePUT: true}, nil)
	s.sb.Seed(unsaved(tokens(1, 2))...)
	file := tokens(1, 2)
	file[0].OrderID = 0
	file[1].GatewayName = "Braintree"
	return s, writeTokens(t, "t.jsonl", file)
}

func TestWithPUTMergesATokenThatNeedsAFieldClearedFailsWithUpdate(t *testing.T) {
	s, path := clearing(t)
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{Update: true, PUTMerges: true})
	require.ErrorIs(t, err, migrate.ErrSomeFailed)
	assert.Equal(t, []int{1, 1, 0}, []int{res.Updated, res.Failed, res.Unchanged}, "never counted as updated")
	require.Len(t, res.Failures, 1)
	f := res.Failures[0]
	assert.Equal(t, 1, f.Line)
	assert.Contains(t, f.Reason, "cannot clear OrderID")
	assert.Equal(t, []migrate.FieldDiff{{Field: "OrderID", File: "", Store: "9001"}}, f.Changes)
	got := byKey(t, s.sb.Tokens())
	assert.Equal(t, int32(9001), got["pm_1"].OrderID, "left as it was: nothing was sent for it")
	assert.Equal(t, "Braintree", got["pm_2"].GatewayName, "the other update was made")
	assert.Equal(t, 1, s.n.count(http.MethodPut))
}

func TestWithPUTMergesATokenThatNeedsAFieldClearedDiffersWithoutUpdate(t *testing.T) {
	s, path := clearing(t)
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{PUTMerges: true})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Differing)
	require.Len(t, res.Differences, 2)
	assert.Contains(t, res.Differences[0].Reason, "cannot clear OrderID")
	assert.Empty(t, res.Differences[1].Reason, "an update could make this one")
	assert.Zero(t, s.n.writes())
}

func TestPageSizeSetsTheLimitOfEveryListing(t *testing.T) {
	var (
		mu     sync.Mutex
		limits = map[string]int{}
	)
	s := newStoreBehaving(t, sandbox.Behaviour{PageCap: 300}, func(r *http.Request) *sandbox.Fault {
		if q, _ := url.ParseQuery(r.URL.RawQuery); r.Method == http.MethodGet && q.Get("countonly") == "" {
			mu.Lock()
			limits[q.Get("limit")]++
			mu.Unlock()
		}
		return nil
	}, wrapper.WithConcurrency(2))
	s.sb.Seed(unsaved(tokens(1, 700))...)
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 701))},
		migrate.ImportOptions{PageSize: 300})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 700}, []int{res.Created, res.Unchanged})
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, map[string]int{"300": 4}, limits, "pages at 1, 301, 601 and one past the end, each guessed right")
}
