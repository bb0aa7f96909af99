package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// arrayOf is the JSON array of these tokens.
func arrayOf(t *testing.T, tokens ...gen.PaymentToken) string {
	t.Helper()
	b, err := json.Marshal(tokens)
	require.NoError(t, err)
	return string(b)
}

func TestAnArrayPOSTIsRefusedWholeByTheDocumentedAPI(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{GatewayTimeoutEvery: 2}))
	defer sb.Close()
	status, _, answer := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(1), token(2)), sb.Credentials())
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, answer, "must be one payment token, not an array")
	assert.Empty(t, sb.Tokens(), "nothing was created")

	_, c := setup(t)
	for n := range int32(2) {
		created, err := c.CreatePaymentTokenWithResponse(t.Context(), createBody(t, false, token(n+1)))
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, created.StatusCode(), "single creates are untouched")
	}
}

func TestArrayCreateStoresEachTokenInOrderAndAnswers200(t *testing.T) {
	t.Parallel()
	sb, c := setup(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}))
	sb.Seed(token(1))
	created, err := c.CreatePaymentTokenWithResponse(t.Context(), createBody(t, true, token(2), token(3), token(4)))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, created.StatusCode())
	want := gen.WriteResults{}
	for id := range 3 {
		want = append(want, gen.WriteResult{Key: "PaymentTokenID", Value: api.StringOrNumber(string(rune('2' + id))), Status: 201, Message: "Created successfully"})
	}
	assert.Equal(t, want, *created.JSON200, "one item per token, in input order, ids as single creates assign them")
	stored := sb.Tokens()
	require.Len(t, stored, 4)
	for i, tk := range stored {
		assert.Equal(t, int32(i+1), tk.PaymentTokenID)
		assert.Equal(t, token(int32(i+1)).PaymentProfileID, tk.PaymentProfileID)
		if i > 0 { // the seeded token is stored as given
			assert.False(t, tk.LastUpdate.IsZero(), "stamped as a single create is")
		}
	}

	one, err := c.CreatePaymentTokenWithResponse(t.Context(), createBody(t, false, token(5)))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, one.StatusCode(), "a single create still answers 201")
}

func TestArrayCreateRefusesAnInvalidItemAloneWith206(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}))
	defer sb.Close()
	long := token(2)
	long.CustomerProfileID = strings.Repeat("x", 51)
	status, _, answer := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(1), long, token(3)), sb.Credentials())
	require.Equal(t, http.StatusPartialContent, status, answer)
	var results gen.WriteResults
	require.NoError(t, json.Unmarshal([]byte(answer), &results))
	require.Len(t, results, 3)
	assert.Equal(t, gen.WriteResult{Key: "PaymentTokenID", Value: "1", Status: 201, Message: "Created successfully"}, results[0])
	assert.Equal(t, api.IntString(400), results[1].Status)
	assert.Equal(t, api.StringOrNumber("0"), results[1].Value)
	assert.Contains(t, results[1].Message, "CustomerProfileID", "the validation's own message")
	assert.Equal(t, gen.WriteResult{Key: "PaymentTokenID", Value: "2", Status: 201, Message: "Created successfully"}, results[2])
	assert.Equal(t, map[string]int{"pay-profile-1": 1, "pay-profile-3": 1}, profiles(sb), "the refused item alone was not stored")

	status, _, _ = raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", `[]`, sb.Credentials())
	assert.Equal(t, http.StatusBadRequest, status, "an empty array is refused")
	status, _, _ = raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", `[{"CustomerID": 1}, 7]`, sb.Credentials())
	assert.Equal(t, http.StatusPartialContent, status, "an item that is no token is refused alone")
	assert.Len(t, sb.Tokens(), 3)
}

func TestAGatewayTimedOutArrayLandsWholeLater(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true, GatewayTimeoutEvery: 2, ApplyLate: 50 * time.Millisecond}))
	defer sb.Close()
	status, _, _ := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(1), token(2)), sb.Credentials())
	require.Equal(t, http.StatusOK, status, "the first create request is answered")
	status, header, _ := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(3), token(4), token(5)), sb.Credentials())
	require.Equal(t, http.StatusGatewayTimeout, status, "the second create request, an array of three, is the gateway's")
	assert.Equal(t, "text/html", header.Get("Content-Type"))
	assert.Len(t, sb.Tokens(), 2, "not yet")
	require.Eventually(t, func() bool { return sb.Stats().AppliedLate == 3 }, 5*time.Second, time.Millisecond)
	stored := sb.Tokens()
	require.Len(t, stored, 5, "the whole array landed")
	for i, tk := range stored {
		assert.Equal(t, token(int32(i+1)).PaymentProfileID, tk.PaymentProfileID, "in input order, under the next ids")
	}
}

func TestArrayCreateTakesCreateDelayOnce(t *testing.T) {
	t.Parallel()
	const delay = 200 * time.Millisecond
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true, CreateDelay: delay}))
	defer sb.Close()
	start := time.Now()
	status, _, _ := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(1), token(2), token(3)), sb.Credentials())
	elapsed := time.Since(start)
	require.Equal(t, http.StatusOK, status)
	assert.GreaterOrEqual(t, elapsed, delay)
	assert.Less(t, elapsed, 3*delay, "one delay for the request, not one per token")
	assert.Len(t, sb.Tokens(), 3)
}

func TestArrayAnswerListsTheItemsOutOfOrderButStoresEveryToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		answer sandbox.ArrayAnswer
		ids    []string
	}{
		{sandbox.AnswerInOrder, []string{"1", "2", "3"}},
		{sandbox.AnswerReversed, []string{"3", "2", "1"}},
		{sandbox.AnswerDropsLast, []string{"1", "2"}},
		{sandbox.AnswerRepeatsFirst, []string{"1", "2", "1"}},
	} {
		sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true, ArrayAnswer: tc.answer}))
		status, _, answer := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", arrayOf(t, token(1), token(2), token(3)), sb.Credentials())
		require.Equal(t, http.StatusOK, status, answer)
		var results gen.WriteResults
		require.NoError(t, json.Unmarshal([]byte(answer), &results))
		var ids []string
		for _, r := range results {
			ids = append(ids, string(r.Value))
		}
		assert.Equal(t, tc.ids, ids, "answer %d", tc.answer)
		assert.Equal(t, map[string]int{"pay-profile-1": 1, "pay-profile-2": 1, "pay-profile-3": 1}, profiles(sb), "every token stored once, in input order")
		for i, tk := range sb.Tokens() {
			assert.Equal(t, token(int32(i+1)).PaymentProfileID, tk.PaymentProfileID)
		}
		sb.Close()
	}
	_, err := sandbox.New(sandbox.WithBehaviour(sandbox.Behaviour{ArrayAnswer: 9}))
	assert.EqualError(t, err, "paymenttokens: sandbox.Behaviour: ArrayAnswer 9: want one of the Answer constants")
}
