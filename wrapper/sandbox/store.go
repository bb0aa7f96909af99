package sandbox

import (
	"cmp"
	"slices"
	"sync"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// store is the concurrency-safe in-memory table of payment tokens, kept in
// the order the API lists them: ascending PaymentTokenID, or the fixed
// scrambled order of Behaviour.Unordered.
type store struct {
	mu       sync.Mutex
	byID     map[int32]gen.PaymentToken
	order    []int32 // ids, ascending by listKey
	listKey  func(id int32) uint32
	reuseIDs bool
	nextID   int32 // the highest id ever stored plus one
	freeHint int32 // no id below it is free (used with reuseIDs)
}

func newStore(b Behaviour) *store {
	s := &store{byID: make(map[int32]gen.PaymentToken), listKey: byID, reuseIDs: b.ReuseIDs, nextID: 1, freeHint: 1}
	if b.Unordered {
		s.listKey = scrambled
	}
	return s
}

// byID lists tokens by id, as the documented API does.
func byID(id int32) uint32 { return uint32(id) }

// scrambled lists tokens in an order unrelated to their ids but fixed: the
// multiplication by an odd constant is a bijection of uint32, so no two ids
// tie and the order never depends on when a token was stored.
func scrambled(id int32) uint32 { return uint32(id) * 2654435761 }

// position is where id sits, or would sit, in order.
func (s *store) position(id int32) int {
	i, _ := slices.BinarySearchFunc(s.order, s.listKey(id), func(e int32, key uint32) int { return cmp.Compare(s.listKey(e), key) })
	return i
}

// newID is the id a token without one gets.
func (s *store) newID() int32 {
	if !s.reuseIDs {
		return s.nextID
	}
	for {
		if _, taken := s.byID[s.freeHint]; !taken {
			return s.freeHint
		}
		s.freeHint++
	}
}

// insert stores t under its own id, or under a new one when it has none,
// and returns the id.
func (s *store) insert(t gen.PaymentToken) int32 {
	return s.insertAll([]gen.PaymentToken{t})[0]
}

// insertAll stores the tokens in order, in one step, as insert does each,
// and returns their ids.
func (s *store) insertAll(ts []gen.PaymentToken) []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int32, len(ts))
	for i, t := range ts {
		if t.PaymentTokenID <= 0 {
			t.PaymentTokenID = s.newID()
		}
		if _, exists := s.byID[t.PaymentTokenID]; !exists {
			s.order = slices.Insert(s.order, s.position(t.PaymentTokenID), t.PaymentTokenID)
		}
		s.byID[t.PaymentTokenID] = t
		s.nextID = max(s.nextID, t.PaymentTokenID+1)
		ids[i] = t.PaymentTokenID
	}
	return ids
}

// get returns the token with this id.
func (s *store) get(id int32) (gen.PaymentToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	return t, ok
}

// update replaces an existing token with what change makes of it, in one
// step; it reports false when there is none.
func (s *store) update(id int32, change func(stored gen.PaymentToken) gen.PaymentToken) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.byID[id]
	if !ok {
		return false
	}
	t := change(stored)
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
	i := s.position(id)
	s.order = slices.Delete(s.order, i, i+1)
	s.freeHint = min(s.freeHint, id)
	return true
}

// page returns up to limit tokens from the 0-based index start, in list
// order, and the total.
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

// all returns a copy of every token in id order, whatever the list order.
func (s *store) all() []gen.PaymentToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]gen.PaymentToken, 0, len(s.byID))
	for _, t := range s.byID {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b gen.PaymentToken) int { return cmp.Compare(a.PaymentTokenID, b.PaymentTokenID) })
	return out
}
