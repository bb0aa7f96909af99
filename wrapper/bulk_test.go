package wrapper_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestUpdateManyAllSucceed(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	tokens := seed(sb, 3)
	for i := range tokens {
		tokens[i].GatewayName = "Migrated"
	}
	results, err := c.UpdateMany(t.Context(), tokens)
	require.NoError(t, err)
	require.Len(t, results, 3)
	for i, r := range results {
		assert.Equal(t, wrapper.Result{Key: "PaymentTokenID", Value: strconv.Itoa(int(tokens[i].PaymentTokenID)), Status: 200, Message: "updated successfully"}, r)
	}
	for _, tk := range sb.Tokens() {
		assert.Equal(t, "Migrated", tk.GatewayName)
	}
}

func TestUpdateManyPartialFailure(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	tokens := seed(sb, 2)
	missing := token(9)
	missing.PaymentTokenID = 999
	input := []wrapper.PaymentToken{tokens[0], missing, tokens[1]}
	results, err := c.UpdateMany(t.Context(), input)
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	require.Len(t, results, 3, "one result per input token, in input order")
	assert.Equal(t, []int{200, 404, 200}, []int{results[0].Status, results[1].Status, results[2].Status})
	assert.Equal(t, "999", results[1].Value)
	assert.Equal(t, []wrapper.Result{results[1]}, batchErr.Failed)
	assert.Nil(t, batchErr.Err, "a 206 is not a failed batch")
	assert.Contains(t, err.Error(), "1 token(s) not updated (PaymentTokenID 999)")
	assert.Len(t, sb.Tokens(), 2)
}

func TestUpdateManySplitsIntoBatchesInOrder(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 3} {
		t.Run(strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			var sizes counter
			sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
				if r.Method == http.MethodPut {
					sizes.add()
				}
				return nil
			})}, wrapper.WithBatchSize(7), wrapper.WithConcurrency(conc))
			tokens := seed(sb, 50)
			for i := range tokens {
				tokens[i].OrderID = int32(5000 + i)
			}
			results, err := c.UpdateMany(t.Context(), tokens)
			require.NoError(t, err)
			require.Len(t, results, 50)
			for i, r := range results {
				assert.Equal(t, strconv.Itoa(int(tokens[i].PaymentTokenID)), r.Value)
			}
			assert.Equal(t, 8, sizes.count(), "50 tokens in batches of 7")
			for i, tk := range sb.Tokens() {
				assert.Equal(t, int32(5000+i), tk.OrderID)
			}
		})
	}
}

func TestUpdateManyReportsUnwrittenTokensWhenABatchFails(t *testing.T) {
	t.Parallel()
	var puts counter
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPut {
			return nil
		}
		if puts.add() == 2 {
			return &sandbox.Fault{Status: http.StatusUnauthorized, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`[{"Key":"Error","Status":"401","Message":"denied"}]`)}
		}
		return nil
	})}, wrapper.WithBatchSize(2))
	tokens := seed(sb, 6)
	for i := range tokens {
		tokens[i].GatewayName = "New"
	}
	results, err := c.UpdateMany(t.Context(), tokens)
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	require.ErrorIs(t, err, wrapper.ErrUnauthorized)
	require.Len(t, results, 6)
	assert.Equal(t, []int{200, 200, 0, 0, 0, 0}, []int{results[0].Status, results[1].Status, results[2].Status, results[3].Status, results[4].Status, results[5].Status})
	assert.Len(t, batchErr.Failed, 4)
	assert.Contains(t, results[2].Message, "not written")
	assert.Contains(t, results[4].Message, "not sent")
	assert.Equal(t, 2, puts.count(), "no batch is sent after one failed")
	stored := sb.Tokens()
	assert.Equal(t, "New", stored[1].GatewayName)
	assert.Equal(t, "Authorize.Net", stored[2].GatewayName)
}
