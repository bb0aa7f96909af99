package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// offsetsSeen records the offsets the sandbox is asked for.
type offsetsSeen struct {
	mu  sync.Mutex
	got []string
}

func (o *offsetsSeen) hook(r *http.Request) *sandbox.Fault {
	if r.Method == http.MethodGet && r.URL.Query().Get("countonly") == "" && !strings.Contains(r.URL.Path, "/PaymentTokens/") {
		o.mu.Lock()
		o.got = append(o.got, r.URL.Query().Get("limit")+"@"+r.URL.Query().Get("offset"))
		o.mu.Unlock()
	}
	return nil
}

func TestAllWalksEveryTokenOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 499, 500, 501, 1234} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			seen := &offsetsSeen{}
			sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(seen.hook)})
			tokens := seed(sb, n)
			var got []wrapper.PaymentToken
			for tk, err := range c.All(t.Context()) {
				require.NoError(t, err)
				got = append(got, tk)
			}
			require.Equal(t, tokenIDs(tokens), tokenIDs(got), "every token once, in order")
			var want []string
			for off := 1; off <= n; off += 500 {
				want = append(want, fmt.Sprintf("500@%d", off))
			}
			want = append(want, fmt.Sprintf("500@%d", n+1)) // one page past the count: nothing more comes
			assert.Equal(t, want, seen.got)
		})
	}
}

func TestAllWithConcurrencyKeepsOrder(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil, wrapper.WithConcurrency(4))
	tokens := seed(sb, 2600)
	var got []int32
	for tk, err := range c.All(t.Context()) {
		require.NoError(t, err)
		got = append(got, tk.PaymentTokenID)
	}
	assert.Equal(t, tokenIDs(tokens), got)
}

func TestAllStopsOnBreak(t *testing.T) {
	t.Parallel()
	seen := &offsetsSeen{}
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(seen.hook)})
	seed(sb, 1200)
	count := 0
	for _, err := range c.All(t.Context()) {
		require.NoError(t, err)
		count++
		if count == 3 {
			break
		}
	}
	assert.Equal(t, 3, count)
	assert.Equal(t, []string{"500@1"}, seen.got, "lazy: no page is fetched beyond need")
}

func TestAllYieldsAnErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.URL.Query().Get("offset") == "501" {
			return &sandbox.Fault{Status: http.StatusUnauthorized, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`[{"Key":"Error","Status":"401","Message":"denied"}]`)}
		}
		return nil
	})})
	seed(sb, 1200)
	var tokens, errs int
	var last error
	for _, err := range c.All(t.Context()) {
		if err != nil {
			errs++
			last = err
			continue
		}
		tokens++
	}
	assert.Equal(t, 500, tokens)
	assert.Equal(t, 1, errs)
	assert.ErrorIs(t, last, wrapper.ErrUnauthorized)
}

func TestAllHonoursContext(t *testing.T) {
	t.Parallel()
	sb, c := setupSandbox(t, nil)
	seed(sb, 1200)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var got int
	var last error
	for _, err := range c.All(ctx) {
		if err != nil {
			last = err
			break
		}
		got++
		if got == 10 {
			cancel()
		}
	}
	assert.Equal(t, 500, got, "the page in hand is finished, the next fetch fails")
	assert.True(t, errors.Is(last, context.Canceled), "got %v", last)
}
