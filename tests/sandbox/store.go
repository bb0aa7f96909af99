package sandbox

import (
	"slices"
	"sync"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// store is the concurrency-safe in-memory table of payment tokens, kept in
// ascending PaymentTokenID order as the API lists them.
type store struct {
	mu     sync.Mutex
	byID   map[int32]gen.PaymentToken
	order  []int32 // ids, ascending
	nextID int32
}

func newStore() *store {
	return &store{byID: make(map[int32]gen.PaymentToken), nextID: 1}
}

// insert stores t under its own id, or under a new one when it has none,
// and returns the id.
func (s *store) insert(t gen.PaymentToken) int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.PaymentTokenID <= 0 {
		t.PaymentTokenID = s.nextID
	}
	if _, exists := s.byID[t.PaymentTokenID]; !exists {
		i, _ := slices.BinarySearch(s.order, t.PaymentTokenID)
		s.order = slices.Insert(s.order, i, t.PaymentTokenID)
	}
	s.byID[t.PaymentTokenID] = t
	s.nextID = max(s.nextID, t.PaymentTokenID+1)
	return t.PaymentTokenID
}

// get returns the token with this id.
func (s *store) get(id int32) (gen.PaymentToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	return t, ok
}

// replace overwrites an existing token; it reports false when there is none.
func (s *store) replace(id int32, t gen.PaymentToken) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; !ok {
		return false
	}
	t.PaymentTokenID = id
	s.byID[id] = t
	return true
}

// remove deletes a token; it reports false when there is none.
func (s *store) remove(id int32) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; !ok {
		return false
	}
	delete(s.byID, id)
	i, _ := slices.BinarySearch(s.order, id)
	s.order = slices.Delete(s.order, i, i+1)
	return true
}

// page returns up to limit tokens from the 0-based index start, and the total.
func (s *store) page(start, limit int) ([]gen.PaymentToken, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := len(s.order)
	if start >= total {
		return nil, total
	}
	ids := s.order[start:min(start+limit, total)]
	out := make([]gen.PaymentToken, len(ids))
	for i, id := range ids {
		out[i] = s.byID[id]
	}
	return out, total
}

// count returns the number of tokens.
func (s *store) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.order)
}

// all returns a copy of every token in id order.
func (s *store) all() []gen.PaymentToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]gen.PaymentToken, len(s.order))
	for i, id := range s.order {
		out[i] = s.byID[id]
	}
	return out
}
