package wrapper

import "slices"

// idSet is a set of token ids for All. The API lists tokens by ascending id,
// so the set is a sorted slice (4 bytes an id) while the ids arrive
// ascending, and becomes a map only when one arrives out of order.
type idSet struct {
	sorted []int32
	byID   map[int32]struct{} // non-nil once the order broke; sorted is then nil
}

// newIDSet returns an empty set with room for capacity ids.
func newIDSet(capacity int) *idSet {
	return &idSet{sorted: make([]int32, 0, capacity)}
}

func (s *idSet) has(id int32) bool {
	if s.byID != nil {
		_, ok := s.byID[id]
		return ok
	}
	if n := len(s.sorted); n == 0 || id > s.sorted[n-1] {
		return false // the common case: the next id of an ascending listing
	}
	_, ok := slices.BinarySearch(s.sorted, id)
	return ok
}

// add adds an id the set does not hold.
func (s *idSet) add(id int32) {
	switch {
	case s.byID != nil:
		s.byID[id] = struct{}{}
	case len(s.sorted) == 0 || id > s.sorted[len(s.sorted)-1]:
		s.sorted = append(s.sorted, id)
	default:
		s.byID = make(map[int32]struct{}, len(s.sorted)+1)
		for _, x := range s.sorted {
			s.byID[x] = struct{}{}
		}
		s.byID[id] = struct{}{}
		s.sorted = nil
	}
}

func (s *idSet) len() int {
	if s.byID != nil {
		return len(s.byID)
	}
	return len(s.sorted)
}

// addAll adds every id of other.
func (s *idSet) addAll(other *idSet) {
	if s.byID == nil && other.byID == nil {
		merged := slices.Concat(s.sorted, other.sorted)
		slices.Sort(merged)
		s.sorted = slices.Compact(merged)
		return
	}
	add := func(id int32) {
		if !s.has(id) {
			s.add(id)
		}
	}
	for _, id := range other.sorted {
		add(id)
	}
	for id := range other.byID {
		add(id)
	}
}
