package wrapper_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestUpdateSendsTheTokenAsGivenAndTheSandboxReplaces(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	stored := seed(sb, 1)[0]
	require.NoError(t, c.Update(t.Context(), stored.PaymentTokenID, wrapper.PaymentToken{GatewayName: "Braintree"}))
	got, found, err := c.Get(t.Context(), stored.PaymentTokenID)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "Braintree", got.GatewayName)
	assert.Zero(t, got.CustomerID, "a partial token replaces the stored one: what it left out is gone")
	assert.Empty(t, got.PaymentProfileID)
}

func TestModifyChangesOnlyWhatTheChangeTouches(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	stored := seed(sb, 2)[1]
	require.NoError(t, c.Modify(t.Context(), stored.PaymentTokenID, func(tk *wrapper.PaymentToken) error {
		tk.GatewayName = "Braintree"
		return nil
	}))
	got, found, err := c.Get(t.Context(), stored.PaymentTokenID)
	require.NoError(t, err)
	require.True(t, found)
	want := stored
	want.GatewayName = "Braintree"
	want.LastUpdate = got.LastUpdate
	assert.Equal(t, want, got, "every other field kept its value")
}

// countWrites counts the sandbox's write requests.
func countWrites(writes *counter) sandbox.Option {
	return sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodGet {
			writes.add()
		}
		return nil
	})
}

func TestModifyOfAMissingTokenIsNotFoundAndWritesNothing(t *testing.T) {
	t.Parallel()
	var writes counter
	_, c := setupSandbox(t, []sandbox.Option{countWrites(&writes)})
	called := false
	err := c.Modify(t.Context(), 42, func(*wrapper.PaymentToken) error { called = true; return nil })
	require.ErrorIs(t, err, wrapper.ErrNotFound)
	assert.False(t, called)
	assert.Zero(t, writes.count())
}

func TestModifyStopsWhenTheChangeFails(t *testing.T) {
	t.Parallel()
	var writes counter
	sb, c := setupSandbox(t, []sandbox.Option{countWrites(&writes)})
	id := seed(sb, 1)[0].PaymentTokenID
	refused := errors.New("card expired")
	err := c.Modify(t.Context(), id, func(*wrapper.PaymentToken) error { return refused })
	require.ErrorIs(t, err, refused)
	assert.Contains(t, err.Error(), "nothing was written")
	err = c.Modify(t.Context(), id, func(tk *wrapper.PaymentToken) error { tk.PaymentTokenID++; return nil })
	require.ErrorContains(t, err, "may not change the id")
	require.ErrorContains(t, c.Modify(t.Context(), id, nil), "change is nil")
	assert.Zero(t, writes.count())
}
