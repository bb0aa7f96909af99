package wrapper_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// refusingStore updates every token of a bulk PUT, or creates every token
// of an array POST, except that it refuses any batch holding one of the bad
// tokens as a whole, with a 400 and the API's error array; it records the
// size of every batch it receives. A token is named by its PaymentTokenID,
// or by its CustomerID when it has none (a token to create).
type refusingStore struct {
	bad     []int32
	mu      sync.Mutex
	batches []int
	written map[int32]int // how many times each token was written
	lastID  int32         // the last id a create gave
}

// name is how the store names a token.
func (s *refusingStore) name(t wrapper.PaymentToken) int32 {
	if t.PaymentTokenID != 0 {
		return t.PaymentTokenID
	}
	return t.CustomerID
}

func (s *refusingStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var batch []wrapper.PaymentToken
	if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
		respond(400, `[{"Key":"Error","Status":"400","Message":"unreadable"}]`)(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, len(batch))
	for _, t := range batch {
		if slices.Contains(s.bad, s.name(t)) {
			respond(400, fmt.Sprintf(`[{"Key":"Error","Status":"400","Message":"GatewayID %d is not a gateway of this store"}]`, t.GatewayID))(w, r)
			return
		}
	}
	items := make([]string, len(batch))
	for i, t := range batch {
		s.written[s.name(t)]++
		if r.Method == http.MethodPost {
			s.lastID++
			items[i] = fmt.Sprintf(`{"Key":"PaymentTokenID","Value":"%d","Status":"201","Message":"Created successfully"}`, s.lastID)
			continue
		}
		items[i] = fmt.Sprintf(`{"Key":"PaymentTokenID","Value":"%d","Status":"200","Message":"updated successfully"}`, t.PaymentTokenID)
	}
	respond(200, "["+strings.Join(items, ",")+"]")(w, r)
}

// numbered returns tokens 1..n, each with its id set.
func numbered(n int) []wrapper.PaymentToken {
	ts := make([]wrapper.PaymentToken, n)
	for i := range ts {
		ts[i] = token(int32(i + 1))
		ts[i].PaymentTokenID = int32(i + 1)
		ts[i].GatewayID = int32(70 + i)
	}
	return ts
}

// updateWith runs UpdateMany of tokens against s.
func (s *refusingStore) updateWith(t *testing.T, tokens []wrapper.PaymentToken, opts ...wrapper.Option) ([]wrapper.Result, error) {
	t.Helper()
	s.written = map[int32]int{}
	mux, c := setup(t, opts...)
	mux.Handle("PUT /3dCartWebAPI/v2/PaymentTokens", s)
	return c.UpdateMany(t.Context(), tokens)
}

func TestUpdateManyIsolatesTheTokensTheAPIRefuses(t *testing.T) {
	t.Parallel()
	for _, bad := range [][]int32{{3}, {3, 9}, {1, 2}} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			t.Parallel()
			s := &refusingStore{bad: bad}
			results, err := s.updateWith(t, numbered(20), wrapper.WithBatchSize(10))
			var batchErr *wrapper.BatchError
			require.ErrorAs(t, err, &batchErr)
			assert.Nil(t, batchErr.Err, "no batch failed as a whole")
			require.Len(t, results, 20)
			for i, r := range results {
				id := int32(i + 1)
				assert.Equal(t, fmt.Sprint(id), r.Value)
				if slices.Contains(bad, id) {
					assert.Equal(t, 400, r.Status, "token %d", id)
					assert.Equal(t, fmt.Sprintf("GatewayID %d is not a gateway of this store", 70+i), r.Message)
					assert.Zero(t, s.written[id])
					continue
				}
				assert.Equal(t, 200, r.Status, "token %d", id)
				assert.Equal(t, 1, s.written[id], "token %d written once", id)
			}
			assert.Len(t, batchErr.Failed, len(bad))
			assert.Equal(t, 10, s.batches[len(s.batches)-1], "the later batch was sent whole")
			extra := len(s.batches) - 2
			assert.LessOrEqual(t, extra, 4*4, "at most 4·⌈log2 10⌉ extra requests")
		})
	}
}

func TestUpdateManyBoundsTheSplittingOfABatchRefusedThroughout(t *testing.T) {
	t.Parallel()
	tokens := numbered(120)
	s := &refusingStore{}
	for _, tk := range tokens[:100] {
		s.bad = append(s.bad, tk.PaymentTokenID) // the API refuses every token of the first batch
	}
	results, err := s.updateWith(t, tokens, wrapper.WithBatchSize(100))
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	assert.Len(t, batchErr.Failed, 100)
	assert.Equal(t, 1+4*7+1, len(s.batches), "the batch, at most 4·⌈log2 100⌉ extra requests, the next batch")
	isolated := 0
	for _, r := range results[:100] {
		switch r.Status {
		case 400:
			isolated++
		case 0:
			assert.Contains(t, r.Message, "not written: refused in a group of")
			assert.Contains(t, r.Message, "GatewayID", "the API's message")
		default:
			t.Fatalf("token %s: status %d", r.Value, r.Status)
		}
	}
	assert.Positive(t, isolated)
	for _, r := range results[100:] {
		assert.Equal(t, 200, r.Status)
	}
}

func TestUpdateManyStopsWhenASplitMeetsAFailureThatIsNotARefusal(t *testing.T) {
	t.Parallel()
	var puts counter
	mux, c := setup(t, wrapper.WithBatchSize(4))
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		if puts.add() == 1 {
			respond(400, `[{"Key":"Error","Status":"400","Message":"refused"}]`)(w, r)
			return
		}
		respond(401, `[{"Key":"Error","Status":"401","Message":"denied"}]`)(w, r)
	})
	results, err := c.UpdateMany(t.Context(), numbered(8))
	require.ErrorIs(t, err, wrapper.ErrUnauthorized)
	assert.Equal(t, 2, puts.count(), "the batch, its first half; then nothing more")
	for _, r := range results {
		assert.Zero(t, r.Status)
	}
	assert.Contains(t, results[0].Message, "not written")
	assert.Contains(t, results[4].Message, "not sent")
}

func TestUpdateManyDoesNotSplitWhatSplittingCannotMend(t *testing.T) {
	t.Parallel()
	for status, body := range map[int]string{
		401: `[{"Key":"Error","Status":"401","Message":"denied"}]`,
		403: `[{"Key":"Error","Status":"403","Message":"forbidden"}]`,
		429: `[{"Key":"Error","Status":"429","Message":"slow down"}]`,
		404: `{"Message":"No HTTP resource was found that matches the request URI"}`,
	} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			var puts counter
			mux, c := setup(t, wrapper.WithBatchSize(4))
			mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
				puts.add()
				respond(status, body)(w, r)
			})
			_, err := c.UpdateMany(t.Context(), numbered(8))
			var batchErr *wrapper.BatchError
			require.ErrorAs(t, err, &batchErr)
			require.Error(t, batchErr.Err, "the batch failed as a whole")
			assert.Equal(t, 1, puts.count())
		})
	}
}
