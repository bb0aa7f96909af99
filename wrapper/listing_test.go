package wrapper_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// fakeStore serves a listing for All: ids in ascending order, pages of at
// most pageCap, the API's own 404 for an empty store and its 400 for an
// offset past the end. The hooks run under the lock: onCount before a count
// is answered, onPage before a page is (a non-nil result is served instead).
type fakeStore struct {
	mu      sync.Mutex
	ids     []int32
	pageCap int
	offsets []int
	counts  int
	onCount func(s *fakeStore)
	onPage  func(s *fakeStore, offset int) []int32
}

func newFakeStore(n, pageCap int) *fakeStore {
	s := &fakeStore{pageCap: pageCap}
	s.grow(n)
	return s
}

// grow appends n tokens after the last.
func (s *fakeStore) grow(n int) {
	for range n {
		s.ids = append(s.ids, int32(len(s.ids)+1))
	}
}

// records returns the ids at the 1-based offset, a page of at most n.
func (s *fakeStore) records(offset, n int) []int32 {
	start := max(offset, 1) - 1
	if start >= len(s.ids) {
		return nil
	}
	return s.ids[start:min(start+n, len(s.ids))]
}

func (s *fakeStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	if q.Get("countonly") == "1" {
		s.counts++
		if s.onCount != nil {
			s.onCount(s)
		}
		respond(200, fmt.Sprintf(`{"TotalCount": %d}`, len(s.ids)))(w, r)
		return
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	s.offsets = append(s.offsets, offset)
	var ids []int32
	if s.onPage != nil {
		ids = s.onPage(s, offset)
	}
	switch {
	case ids != nil:
	case len(s.ids) == 0:
		own404(w, r)
		return
	case max(offset, 1) > len(s.ids):
		respond(400, `[{"Key":"Error","Status":"400","Message":"Offset amount exceeds the total number of records"}]`)(w, r)
		return
	default:
		ids = s.records(offset, min(limit, s.pageCap))
	}
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"PaymentTokenID":%d,"CustomerID":%d}`, id, id)
	}
	respond(200, "["+strings.Join(items, ",")+"]")(w, r)
}

// requested returns the page offsets asked for so far.
func (s *fakeStore) requested() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.offsets)
}

// serve starts s and a client for it.
func (s *fakeStore) serve(t *testing.T, opts ...wrapper.Option) *wrapper.Client {
	t.Helper()
	mux, c := setup(t, opts...)
	mux.Handle("GET /3dCartWebAPI/v2/PaymentTokens", s)
	return c
}

// walkAll collects what All yields, failing the test when a token comes
// twice or more come than could exist; err is the error that ended it.
func walkAll(t *testing.T, c *wrapper.Client, most int) (ids []int32, err error) {
	t.Helper()
	seen := map[int32]bool{}
	for tk, err := range c.All(t.Context()) {
		if err != nil {
			return ids, err
		}
		require.False(t, seen[tk.PaymentTokenID], "token %d yielded twice", tk.PaymentTokenID)
		seen[tk.PaymentTokenID] = true
		ids = append(ids, tk.PaymentTokenID)
		require.LessOrEqual(t, len(ids), most, "more tokens than the store ever held")
	}
	return ids, nil
}

// span returns the ids from..to.
func span(from, to int32) []int32 {
	var ids []int32
	for id := from; id <= to; id++ {
		ids = append(ids, id)
	}
	return ids
}

func TestAllAdvancesByWhatEachPageHeld(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n, pageCap, concurrency int
	}{{1234, 400, 1}, {1234, 400, 4}, {100, 7, 1}, {100, 7, 3}, {1000, 500, 4}} {
		t.Run(fmt.Sprintf("%d tokens, pages of %d, %d in flight", tc.n, tc.pageCap, tc.concurrency), func(t *testing.T) {
			t.Parallel()
			s := newFakeStore(tc.n, tc.pageCap)
			c := s.serve(t, wrapper.WithConcurrency(tc.concurrency))
			ids, err := walkAll(t, c, tc.n)
			require.NoError(t, err)
			assert.Equal(t, span(1, int32(tc.n)), ids, "every token once, in order")
			assert.Equal(t, 2, s.counts, "one walk: a count before and one after")
			if tc.concurrency == 1 {
				var want []int
				for off := 1; off <= tc.n+1; off += tc.pageCap {
					want = append(want, off)
				}
				want = append(want, tc.n+1) // one page past the count, unless the last page was full
				assert.Equal(t, slices.Compact(want), s.requested())
			}
		})
	}
}

func TestAllWithConcurrencyDropsGuessesAPageProvedWrong(t *testing.T) {
	t.Parallel()
	s := newFakeStore(1234, 400)
	c := s.serve(t, wrapper.WithConcurrency(4))
	_, err := walkAll(t, c, 1234)
	require.NoError(t, err)
	got := s.requested()
	assert.Subset(t, got, []int{1, 401, 801, 1201, 1235}, "the pages the walk needed")
	for _, off := range got {
		assert.LessOrEqual(t, off, 1235, "no guess past the count")
	}
	assert.LessOrEqual(t, len(got), 5+3, "the first page proved 3 guesses wrong; the rest were right")
}

func TestAllWalksAgainAfterTheAPIsOwn404MidWalk(t *testing.T) {
	t.Parallel()
	var once sync.Once
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		var fault *sandbox.Fault
		if r.URL.Query().Get("offset") == "501" {
			once.Do(func() {
				fault = &sandbox.Fault{Status: 404, Header: http.Header{"Content-Type": {"application/json"}},
					Body: []byte(`[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`)}
			})
		}
		return fault
	})})
	tokens := seed(sb, 1200)
	var ids []int32
	for tk, err := range c.All(t.Context()) {
		require.NoError(t, err)
		ids = append(ids, tk.PaymentTokenID)
	}
	assert.Equal(t, tokenIDs(tokens), ids, "the second walk yields what the first missed, each token once")
}

func TestAllWalksAgainAfterAPageThatStartsEarly(t *testing.T) {
	t.Parallel()
	s := newFakeStore(1200, 500)
	shifted := false
	s.onPage = func(s *fakeStore, offset int) []int32 {
		if offset == 501 && !shifted {
			shifted = true
			return s.records(251, 500) // 250 records early: 251..750
		}
		return nil
	}
	c := s.serve(t)
	ids, err := walkAll(t, c, 1200)
	require.NoError(t, err)
	assert.Equal(t, slices.Concat(span(1, 750), span(1001, 1200), span(751, 1000)), ids,
		"the first walk misses 751..1000; the second yields them and nothing else")
	assert.Equal(t, 4, s.counts, "two walks")
}

func TestAllNoticesAStoreThatGrewDuringTheWalk(t *testing.T) {
	t.Parallel()
	for name, grow := range map[string]func(s *fakeStore){
		// tokens created while the walk reads its pages show up past the count
		"while paging": func(s *fakeStore) {
			s.onPage = func(s *fakeStore, offset int) []int32 {
				if offset == 501 && s.counts == 1 {
					s.grow(5)
				}
				return nil
			}
		},
		// tokens created after the last page show only in the second count
		"after the last page": func(s *fakeStore) {
			s.onCount = func(s *fakeStore) {
				if s.counts == 2 {
					s.grow(5)
				}
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newFakeStore(1200, 500)
			grow(s)
			c := s.serve(t)
			ids, err := walkAll(t, c, 1205)
			require.NoError(t, err)
			assert.Equal(t, span(1, 1205), ids)
			assert.Equal(t, 4, s.counts, "a second walk proved the listing")
		})
	}
}

func TestAllReportsAStoreThatChangesDuringEveryWalk(t *testing.T) {
	t.Parallel()
	s := newFakeStore(1000, 500)
	s.onPage = func(s *fakeStore, offset int) []int32 {
		if offset == 1 {
			s.grow(1)
		}
		return nil
	}
	c := s.serve(t)
	ids, err := walkAll(t, c, 1003)
	require.ErrorIs(t, err, wrapper.ErrIncompleteListing)
	assert.Contains(t, err.Error(), "the store changed during the walk: count went from 1000 to 1003")
	assert.Contains(t, err.Error(), "walk 1: count 1000 before and 1001 after")
	assert.Equal(t, span(1, 1003), ids, "what was yielded, was yielded once")
}

func TestAllReportsPagesThatNeverAddUp(t *testing.T) {
	t.Parallel()
	s := newFakeStore(1000, 500)
	s.onPage = func(s *fakeStore, offset int) []int32 {
		if offset > 900 {
			return []int32{} // the count says 1000; the pages end at 900
		}
		return s.records(offset, min(500, 901-offset))
	}
	c := s.serve(t)
	ids, err := walkAll(t, c, 1000)
	require.ErrorIs(t, err, wrapper.ErrIncompleteListing)
	assert.Equal(t, span(1, 900), ids)
	assert.Equal(t, 6, s.counts, "three walks, then the error")
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "paymenttokens: All: the listing is incomplete: the pages and the count disagreed in each of 3 walks"), msg)
	assert.Contains(t, msg, "walk 3: count 1000 before and 1000 after, 900 distinct ids seen, 0 seen twice, the page at offset 901 empty before the count was reached")
}

func TestAllCopesWithIDsOutOfOrder(t *testing.T) {
	t.Parallel()
	s := newFakeStore(1200, 500)
	slices.Reverse(s.ids)
	failed := false
	s.onPage = func(s *fakeStore, offset int) []int32 {
		if offset == 1001 && !failed {
			failed = true
			return []int32{} // once: the second walk must skip what the first yielded
		}
		return nil
	}
	c := s.serve(t)
	ids, err := walkAll(t, c, 1200)
	require.NoError(t, err)
	assert.Equal(t, s.ids, ids)
}

func TestAllStopsOnBreakWithGuessesInFlight(t *testing.T) {
	t.Parallel()
	s := newFakeStore(3000, 400)
	c := s.serve(t, wrapper.WithConcurrency(4))
	n := 0
	for _, err := range c.All(t.Context()) {
		require.NoError(t, err)
		if n++; n == 450 {
			break // the second page is in hand, guesses after it are in flight
		}
	}
	assert.Equal(t, 450, n)
	// The first page and its 3 guesses (wrong: pages hold 400), the second
	// page and its 3 guesses; nothing after the break, and goleak checks
	// that no fetch outlives it.
	assert.LessOrEqual(t, len(s.requested()), 1+3+1+3)
}
