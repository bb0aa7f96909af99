package wrapper_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestLifecycleAgainstSandbox(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	ctx := t.Context()

	n, err := c.Count(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	id, err := c.Create(ctx, token(1))
	require.NoError(t, err)
	assert.Equal(t, int32(1), id)

	got, found, err := c.Get(ctx, id)
	require.NoError(t, err)
	require.True(t, found)
	want := token(1)
	want.PaymentTokenID = id
	want.LastUpdate = got.LastUpdate
	assert.Equal(t, want, got)
	assert.WithinDuration(t, time.Now().UTC(), got.LastUpdate.Time, 2*time.Minute, "LastUpdate decodes from MM/dd/yyyy HH:mm")

	changed := token(1)
	changed.GatewayName = "Stripe"
	changed.LastUpdate = wrapper.DateTime{Time: time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC)}
	require.NoError(t, c.Update(ctx, id, changed))
	got, found, err = c.Get(ctx, id)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "Stripe", got.GatewayName)
	assert.Equal(t, changed.LastUpdate, got.LastUpdate, "sent as RFC 3339, read back from MM/dd/yyyy HH:mm")

	n, err = c.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	require.NoError(t, c.Delete(ctx, id))
	_, found, err = c.Get(ctx, id)
	require.NoError(t, err)
	assert.False(t, found, "a 404 on Get is found == false, not an error")
	assert.Empty(t, sb.Tokens())
}

func TestReadsTurn404IntoEmpty(t *testing.T) {
	t.Parallel()
	_, c := setupSandbox(t, nil)
	ctx := t.Context()
	page, err := c.List(ctx, wrapper.ListParams{})
	require.NoError(t, err)
	assert.Empty(t, page)
	n, err := c.Count(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	_, found, err := c.Get(ctx, 5)
	require.NoError(t, err)
	assert.False(t, found)
	for range c.All(ctx) {
		t.Fatal("All of an empty store yields nothing")
	}
}

func TestWritesDoNotHide404(t *testing.T) {
	t.Parallel()
	_, c := setupSandbox(t, nil)
	err := c.Update(t.Context(), 5, token(1))
	require.ErrorIs(t, err, wrapper.ErrNotFound)
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, http.MethodPut, apiErr.Method)
	assert.Equal(t, "/3dCartWebAPI/v2/PaymentTokens/5", apiErr.Path)
	assert.Equal(t, []string{"No payment tokens found."}, apiErr.Messages)
	require.ErrorIs(t, c.Delete(t.Context(), 5), wrapper.ErrNotFound)
}

func TestListPagesAreOneBased(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	tokens := seed(sb, 25)
	ctx := t.Context()
	for _, tc := range []struct {
		p        wrapper.ListParams
		from, to int
	}{
		{wrapper.ListParams{}, 0, 10},
		{wrapper.ListParams{Limit: 10, Offset: 1}, 0, 10},
		{wrapper.ListParams{Limit: 10, Offset: 11}, 10, 20},
		{wrapper.ListParams{Limit: 10, Offset: 21}, 20, 25},
		{wrapper.ListParams{Limit: 500}, 0, 25},
		{wrapper.ListParams{Limit: 10, Offset: 26}, 0, 0}, // past the end: empty, no error
	} {
		page, err := c.List(ctx, tc.p)
		require.NoError(t, err, "%+v", tc.p)
		assert.Equal(t, tokenIDs(tokens[tc.from:tc.to]), tokenIDs(page), "%+v", tc.p)
	}
}

func tokenIDs(ts []wrapper.PaymentToken) []int32 {
	ids := make([]int32, 0, len(ts))
	for _, t := range ts {
		ids = append(ids, t.PaymentTokenID)
	}
	return ids
}

func TestBadArgumentsFailBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	ctx := t.Context()
	long := token(1)
	long.GatewayName = "a gateway name that is much longer than fifty characters"
	noID := token(2)
	farFuture := token(3)
	farFuture.LastUpdate = wrapper.DateTime{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	for name, call := range map[string]func() error{
		"Get id 0":          func() error { _, _, err := c.Get(ctx, 0); return err },
		"Get id -1":         func() error { _, _, err := c.Get(ctx, -1); return err },
		"Update id 0":       func() error { return c.Update(ctx, 0, token(1)) },
		"Delete id 0":       func() error { return c.Delete(ctx, 0) },
		"List limit 501":    func() error { _, err := c.List(ctx, wrapper.ListParams{Limit: 501}); return err },
		"List limit -1":     func() error { _, err := c.List(ctx, wrapper.ListParams{Limit: -1}); return err },
		"List offset -1":    func() error { _, err := c.List(ctx, wrapper.ListParams{Offset: -1}); return err },
		"Create long name":  func() error { _, err := c.Create(ctx, long); return err },
		"Update long name":  func() error { return c.Update(ctx, 1, long) },
		"Create year 10000": func() error { _, err := c.Create(ctx, farFuture); return err },
		"CreateMany year 10000": func() error {
			_, err := c.CreateMany(ctx, []wrapper.PaymentToken{farFuture})
			return err
		},
		"UpdateMany empty": func() error { _, err := c.UpdateMany(ctx, nil); return err },
		"UpdateMany no id": func() error { _, err := c.UpdateMany(ctx, []wrapper.PaymentToken{noID}); return err },
		"UpdateMany long": func() error {
			l := long
			l.PaymentTokenID = 3
			_, err := c.UpdateMany(ctx, []wrapper.PaymentToken{l})
			return err
		},
	} {
		err := call()
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "paymenttokens: ", name)
	}
	assert.Zero(t, sb.Stats().Requests, "no request was sent")
	_, err := c.Create(ctx, long)
	assert.ErrorContains(t, err, "GatewayName is 56 characters long; the API stores at most 50")
	assert.NotContains(t, err.Error(), long.GatewayName, "the value itself is not quoted")
	_, err = c.Create(ctx, farFuture)
	assert.ErrorContains(t, err, "paymenttokens: Create: LastUpdate is outside the years 0001 to 9999")
}

func TestConcurrentUseOfOneClient(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	ctx := t.Context()
	const workers, each = 8, 6
	done := make(chan []int32, workers)
	for w := range workers {
		go func() {
			var ids []int32
			for i := range each {
				id, err := c.Create(ctx, token(int32(w*100+i)))
				assert.NoError(t, err)
				got, found, err := c.Get(ctx, id)
				assert.NoError(t, err)
				assert.True(t, found)
				assert.Equal(t, int32(w*100+i), got.CustomerID)
				ids = append(ids, id)
			}
			done <- ids
		}()
	}
	seen := map[int32]bool{}
	for range workers {
		for _, id := range <-done {
			assert.False(t, seen[id], "id %d given twice", id)
			seen[id] = true
		}
	}
	assert.Len(t, sb.Tokens(), workers*each)
	n, err := c.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, workers*each, n)
}
