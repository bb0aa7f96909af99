// Package idset is the set of token ids that wrapper's All keeps: a sorted
// slice while the ids arrive ascending, as the API lists them.
package idset

import "slices"

// Set is a set of token ids. The API lists tokens by ascending id, so the
// set is a sorted slice (4 bytes an id) while the ids arrive ascending, and
// becomes a map only when one arrives out of order.
type Set struct {
	sorted []int32
	byID   map[int32]struct{} // non-nil once the order broke; sorted is then nil
}

// New returns an empty set with room for capacity ids.
func New(capacity int) *Set {
	return &Set{sorted: make([]int32, 0, capacity)}
}

// Has reports whether the set holds id.
func (s *Set) Has(id int32) bool {
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

// Add adds an id the set does not hold.
func (s *Set) Add(id int32) {
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

// Len is how many ids the set holds.
func (s *Set) Len() int {
	if s.byID != nil {
		return len(s.byID)
	}
	return len(s.sorted)
}

// AddAll adds every id of other.
func (s *Set) AddAll(other *Set) {
	if s.byID == nil && other.byID == nil {
		merged := slices.Concat(s.sorted, other.sorted)
		slices.Sort(merged)
		s.sorted = slices.Compact(merged)
		return
	}
	add := func(id int32) {
		if !s.Has(id) {
			s.Add(id)
		}
	}
	for _, id := range other.sorted {
		add(id)
	}
	for id := range other.byID {
		add(id)
	}
}
