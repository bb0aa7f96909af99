package wrapper_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// fresh returns tokens 1..n to create: no id, CustomerID n, GatewayID 70+i.
func fresh(n int) []wrapper.PaymentToken {
	ts := make([]wrapper.PaymentToken, n)
	for i := range ts {
		ts[i] = token(int32(i + 1))
		ts[i].GatewayID = int32(70 + i)
	}
	return ts
}

// jsonHeader is the header of a fault answered with the API's JSON.
var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// arraySandbox is a sandbox that takes arrays on POST, counting the POSTs
// and the tokens they carried; fault, when set, may make a POST fail.
func arraySandbox(t *testing.T, b sandbox.Behaviour, posts *counter, fault func(n int) *sandbox.Fault, opts ...wrapper.Option) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	b.ArrayCreate = true
	return setupSandbox(t, []sandbox.Option{sandbox.WithBehaviour(b), sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost {
			return nil
		}
		n := posts.add()
		if fault == nil {
			return nil
		}
		return fault(n)
	})}, opts...)
}

func TestCreateManyCreatesEveryTokenOnceInArraysOf500(t *testing.T) {
	t.Parallel()
	var posts counter
	sb, c := arraySandbox(t, sandbox.Behaviour{}, &posts, nil, wrapper.WithConcurrency(2))
	sb.Seed(token(9999))
	tokens := fresh(1201)
	results, err := c.CreateMany(t.Context(), tokens)
	require.NoError(t, err)
	require.Len(t, results, len(tokens))
	assert.Equal(t, 3, posts.count(), "500 + 500 + 201")
	byID := map[string]wrapper.PaymentToken{}
	for _, tk := range sb.Tokens() {
		byID[strconv.Itoa(int(tk.PaymentTokenID))] = tk
	}
	assert.Len(t, byID, 1+len(tokens), "each token once")
	for i, r := range results {
		assert.Equal(t, 201, r.Status)
		assert.False(t, r.OutcomeUnknown)
		assert.Equal(t, tokens[i].PaymentProfileID, byID[r.Value].PaymentProfileID, "result %d names the token created from input %d", i, i)
	}
}

func TestCreateManyReportsTheItemsOfA206(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", respond(206, `[`+
		`{"Key":"PaymentTokenID","Value":"41","Status":"201","Message":"Created successfully"},`+
		`{"Key":"PaymentTokenID","Value":"0","Status":"400","Message":"GatewayID 71 is not a gateway of this store"},`+
		`{"Key":"PaymentTokenID","Value":"42","Status":"201","Message":"Created successfully"}]`))
	results, err := c.CreateMany(t.Context(), fresh(3))
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	assert.Nil(t, batchErr.Err, "a 206 is not a failed batch")
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	assert.Equal(t, []int{201, 400, 201}, []int{results[0].Status, results[1].Status, results[2].Status})
	assert.Equal(t, []string{"41", "0", "42"}, []string{results[0].Value, results[1].Value, results[2].Value})
	assert.Equal(t, []wrapper.Result{results[1]}, batchErr.Failed)
	assert.Contains(t, err.Error(), "1 token(s) not created")
}

func TestCreateManyIsolatesTheTokensTheAPIRefuses(t *testing.T) {
	t.Parallel()
	s := &refusingStore{bad: []int32{3, 17}, written: map[int32]int{}}
	mux, c := setup(t)
	mux.Handle("POST /3dCartWebAPI/v2/PaymentTokens", s)
	tokens := fresh(20)
	results, err := c.CreateMany(t.Context(), tokens)
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	assert.Nil(t, batchErr.Err)
	assert.Len(t, batchErr.Failed, 2)
	for i, r := range results {
		customer := int32(i + 1)
		if slices.Contains(s.bad, customer) {
			assert.Equal(t, 400, r.Status)
			assert.Empty(t, r.Value, "a token never created has no id")
			assert.Equal(t, fmt.Sprintf("GatewayID %d is not a gateway of this store", 70+i), r.Message)
			assert.Zero(t, s.written[customer])
			continue
		}
		assert.Equal(t, 201, r.Status, "token %d", customer)
		assert.Equal(t, 1, s.written[customer], "token %d created once", customer)
	}
	assert.LessOrEqual(t, len(s.batches)-1, 4*5, "at most 4·⌈log2 20⌉ extra requests")
}

func TestCreateManyNeverResendsAnArrayWhoseOutcomeIsUnknown(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]*sandbox.Fault{
		"cut after applying":  {Cut: sandbox.CutMidBody},
		"500":                 {Status: 500, Header: jsonHeader, Body: []byte(`[{"Key":"Error","Status":"500","Message":"An error has occurred."}]`)},
		"cut before handling": {Cut: sandbox.CutBeforeHandling},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var posts counter
			sb, c := arraySandbox(t, sandbox.Behaviour{}, &posts, func(n int) *sandbox.Fault {
				if n == 1 {
					return fault
				}
				return nil
			}, wrapper.WithMaxRetries(3))
			tokens := fresh(700)
			results, err := c.CreateMany(t.Context(), tokens)
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
			var batchErr *wrapper.BatchError
			require.ErrorAs(t, err, &batchErr)
			assert.Equal(t, 1, posts.count(), "the array was not sent again, nor the next one")
			for i, r := range results[:500] {
				assert.Zero(t, r.Status, "token %d", i)
				assert.True(t, r.OutcomeUnknown, "token %d", i)
				assert.Contains(t, r.Message, "outcome unknown")
			}
			for _, r := range results[500:] {
				assert.Zero(t, r.Status)
				assert.False(t, r.OutcomeUnknown, "never sent")
				assert.Contains(t, r.Message, "not sent")
			}
			want := 0
			if fault.Cut == sandbox.CutMidBody {
				want = 500 // the store applied the array before the cut
			}
			assert.Len(t, sb.Tokens(), want)
		})
	}
}

func TestCreateManyOnAGatewayTimeoutSaysOutcomeUnknownAndTheArrayLandsOnce(t *testing.T) {
	t.Parallel()
	var posts counter
	sb, c := arraySandbox(t, sandbox.Behaviour{GatewayTimeoutEvery: 1, ApplyLate: 20 * time.Millisecond}, &posts, nil, wrapper.WithMaxRetries(3))
	results, err := c.CreateMany(t.Context(), fresh(5))
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	for _, r := range results {
		assert.True(t, r.OutcomeUnknown)
	}
	assert.Equal(t, 1, posts.count())
	require.Eventually(t, func() bool { return sb.Stats().AppliedLate == 5 }, 5*time.Second, time.Millisecond)
	assert.Len(t, sb.Tokens(), 5, "once")
}

func TestCreateManyResendsAnArrayOnlyAfterA429(t *testing.T) {
	t.Parallel()
	var posts counter
	sb, c := arraySandbox(t, sandbox.Behaviour{}, &posts, func(n int) *sandbox.Fault {
		if n == 1 {
			return &sandbox.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}, "Content-Type": {"application/json"}}, Body: []byte(`[]`)}
		}
		return nil
	}, wrapper.WithMaxRetries(3))
	_, err := c.CreateMany(t.Context(), fresh(3))
	require.NoError(t, err)
	assert.Equal(t, 2, posts.count())
	assert.Len(t, sb.Tokens(), 3)
}

func TestCreateManyOnAStoreThatRefusesArraysCreatesNothing(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	results, err := c.CreateMany(t.Context(), fresh(4))
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	assert.Len(t, batchErr.Failed, 4)
	for _, r := range results {
		assert.Equal(t, 400, r.Status)
		assert.Contains(t, r.Message, "not an array")
	}
	assert.Empty(t, sb.Tokens())
}

func TestCreateManyRefusesBeforeSending(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	var posts counter
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", func(http.ResponseWriter, *http.Request) { posts.add() })
	_, err := c.CreateMany(t.Context(), nil)
	require.ErrorContains(t, err, "no tokens given")
	withID := fresh(2)
	withID[1].PaymentTokenID = 7
	_, err = c.CreateMany(t.Context(), withID)
	require.ErrorContains(t, err, "token 1 has PaymentTokenID 7")
	long := fresh(1)
	long[0].GatewayName = string(make([]byte, 51))
	_, err = c.CreateMany(t.Context(), long)
	require.Error(t, err)
	assert.Zero(t, posts.count())
}

func TestCreateManyRefusesAnswersThatDoNotNameEachNewToken(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]string{
		"too few items": `[{"Key":"PaymentTokenID","Value":"41","Status":"201"}]`,
		"no id":         `[{"Key":"PaymentTokenID","Value":"41","Status":"201"},{"Key":"PaymentTokenID","Value":"","Status":"201"}]`,
		"the same id":   `[{"Key":"PaymentTokenID","Value":"41","Status":"201"},{"Key":"PaymentTokenID","Value":"41","Status":"201"}]`,
		"not an array":  `{"Key":"PaymentTokenID"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t)
			mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", respond(200, answer))
			results, err := c.CreateMany(t.Context(), fresh(2))
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown, "the array was sent: the tokens may exist")
			for _, r := range results {
				assert.True(t, r.OutcomeUnknown)
			}
		})
	}
}

func TestCreateManyCannotPairAnAnswerShortOfAnItemOrRepeatingOne(t *testing.T) {
	t.Parallel()
	for _, answer := range []sandbox.ArrayAnswer{sandbox.AnswerDropsLast, sandbox.AnswerRepeatsFirst} {
		var posts counter
		sb, c := arraySandbox(t, sandbox.Behaviour{ArrayAnswer: answer}, &posts, nil)
		results, err := c.CreateMany(t.Context(), fresh(3))
		require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown, "answer %d: the tokens were sent, and may exist", answer)
		require.Len(t, results, 3)
		for _, r := range results {
			assert.True(t, r.OutcomeUnknown)
			assert.Empty(t, r.Value, "no id is given to a token the answer cannot be paired with")
		}
		assert.Equal(t, 1, posts.count(), "never sent again")
		assert.Len(t, sb.Tokens(), 3, "the store created each once")
	}
}
