package wrapper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestAllPagedAsksForPagesOfItsSize(t *testing.T) {
	t.Parallel()
	seen := &offsetsSeen{}
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(seen.hook), sandbox.WithBehaviour(sandbox.Behaviour{PageCap: 300})}, wrapper.WithConcurrency(3))
	tokens := seed(sb, 700)
	var got []wrapper.PaymentToken
	for tk, err := range c.AllPaged(t.Context(), 300) {
		require.NoError(t, err)
		got = append(got, tk)
	}
	require.Equal(t, tokenIDs(tokens), tokenIDs(got), "every token once, in order")
	assert.ElementsMatch(t, []string{"300@1", "300@301", "300@601", "300@701"}, seen.got, "every guess right, one page past the count")
}

func TestAllPagedRefusesASizeOutOfRange(t *testing.T) {
	t.Parallel()
	seen := &offsetsSeen{}
	_, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(seen.hook)})
	for _, size := range []int{0, -1, wrapper.MaxLimit + 1} {
		n := 0
		for _, err := range c.AllPaged(t.Context(), size) {
			n++
			require.ErrorContains(t, err, fmt.Sprintf("page size %d is out of range", size))
		}
		assert.Equal(t, 1, n, "one error")
	}
	assert.Empty(t, seen.got, "nothing sent")
}
