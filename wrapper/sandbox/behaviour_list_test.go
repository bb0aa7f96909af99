package sandbox_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestPageCapServesAtMostThatManyTokensWhateverLimitAsks(t *testing.T) {
	t.Parallel()
	_, c := behaving(t, sandbox.Behaviour{PageCap: 7}, 20)
	assert.Equal(t, idRange(1, 7), listIDs(t, c, 10, 1))
	assert.Equal(t, idRange(8, 14), listIDs(t, c, sandbox.MaxLimit, 8), "offsets stay record numbers")
	assert.Equal(t, idRange(15, 20), listIDs(t, c, sandbox.MaxLimit, 15))
	assert.Equal(t, idRange(1, 5), listIDs(t, c, 5, 1), "a smaller limit is served as asked")
	assert.Empty(t, listIDs(t, c, 10, 21), "past the end is still the API's 400")
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 20, n)

	_, documented := behaving(t, sandbox.Behaviour{}, 20)
	assert.Equal(t, idRange(1, 20), listIDs(t, documented, sandbox.MaxLimit, 1), "the zero value serves up to 500")
}

func TestUnorderedListsInAFixedOrderOtherThanByID(t *testing.T) {
	t.Parallel()
	sb, c := behaving(t, sandbox.Behaviour{Unordered: true}, 20)
	whole := listIDs(t, c, sandbox.MaxLimit, 1)
	assert.ElementsMatch(t, idRange(1, 20), whole)
	assert.False(t, slices.IsSorted(whole), "not by id: %v", whole)

	var paged []int32
	for offset := 1; offset <= 20; offset += 7 {
		paged = append(paged, listIDs(t, c, 7, offset)...)
	}
	assert.Equal(t, whole, paged, "pages cut the same order")
	assert.Equal(t, whole, listIDs(t, c, sandbox.MaxLimit, 1), "the order is the same on every call")
	assert.Empty(t, listIDs(t, c, 10, 21), "past the end is still the API's 400")
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 20, n)
	assert.Equal(t, idRange(1, 20), idsOf(sb.Tokens()), "Tokens stays in id order")

	id, err := c.Create(t.Context(), token(21))
	require.NoError(t, err)
	after := listIDs(t, c, sandbox.MaxLimit, 1)
	assert.Equal(t, whole, slices.DeleteFunc(slices.Clone(after), func(x int32) bool { return x == id }),
		"a new token takes its place without moving the others")
}

func TestNotFoundOnceAtAnswersTheAPIsOwn404Once(t *testing.T) {
	t.Parallel()
	_, c := behaving(t, sandbox.Behaviour{NotFoundOnceAt: 11}, 25)
	assert.Equal(t, idRange(1, 10), listIDs(t, c, 10, 1), "other offsets are served")
	assert.Empty(t, listIDs(t, c, 10, 11), "the wrapper reads the API's own 404 as an empty page")
	assert.Equal(t, idRange(11, 20), listIDs(t, c, 10, 11), "only the first request at the offset")

	sb, gc := setup(t, sandbox.WithBehaviour(sandbox.Behaviour{NotFoundOnceAt: 1}))
	sb.Seed(token(1))
	resp, err := gc.ListPaymentTokensWithResponse(t.Context(), nil)
	require.NoError(t, err)
	require.NotNil(t, resp.JSON404, "no offset is offset 1; status %d", resp.StatusCode())
	assert.Equal(t, "No payment tokens found.", (*resp.JSON404)[0].Message)
}

func TestShiftOnceAtServesThatPageEarlyOnce(t *testing.T) {
	t.Parallel()
	_, c := behaving(t, sandbox.Behaviour{ShiftOnceAt: 11, ShiftBy: 3}, 25)
	assert.Equal(t, idRange(1, 10), listIDs(t, c, 10, 1))
	assert.Equal(t, idRange(8, 17), listIDs(t, c, 10, 11), "three records early")
	assert.Equal(t, idRange(11, 20), listIDs(t, c, 10, 11), "only the first request at the offset")

	_, far := behaving(t, sandbox.Behaviour{ShiftOnceAt: 3, ShiftBy: 5}, 25)
	assert.Equal(t, idRange(1, 4), listIDs(t, far, 4, 3), "never before the first record")

	_, both := behaving(t, sandbox.Behaviour{NotFoundOnceAt: 5, ShiftOnceAt: 5, ShiftBy: 2}, 25)
	assert.Empty(t, listIDs(t, both, 3, 5), "the 404 comes first")
	assert.Equal(t, idRange(3, 5), listIDs(t, both, 3, 5), "then the shift")
	assert.Equal(t, idRange(5, 7), listIDs(t, both, 3, 5))
}
