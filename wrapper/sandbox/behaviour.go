package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// DefaultApplyLate is how long after its 504 a create the gateway timed out
// lands when Behaviour.ApplyLate is 0.
const DefaultApplyLate = 300 * time.Millisecond

// Behaviour makes the sandbox behave as some real stores and gateways do; the zero value is the documented API.
//
// A list request's offset is the one it is served at (offset 0 or none is 1);
// countonly requests are not list requests. When NotFoundOnceAt and
// ShiftOnceAt are the same offset, the first request there is answered 404
// and the next one is shifted. Only creates that pass the credentials and
// the spec are counted by GatewayTimeoutEvery. A create the gateway timed
// out lands ApplyLate after it arrived, whatever CreateDelay; [Server.Close] drops
// the creates still waiting to land or delayed, as a store that goes down
// would.
//
// Without ArrayCreate (the documented API) a POST whose body is an array is
// refused with 400 and creates nothing. With it, each item of the array is
// validated as the body of a single create would be; the valid ones are
// stored in input order, each under a new id as a single create assigns
// it, and the answer has one envelope item per item in input order: 200
// when every item was created, 206 when any was refused (that item carries
// Status 400, the validation's message and Value "0"). An array is one
// create request: GatewayTimeoutEvery counts it once, CreateDelay delays it
// once, and a gateway-timed-out array lands whole, ApplyLate later
// ([Stats].AppliedLate counts its tokens). ArrayAnswer makes the answer of an
// array create lie about its items' order or number (the tokens are stored
// all the same): nothing in an envelope item names the token it is for.
type Behaviour struct {
	PageCap             int           // at most this many tokens per page whatever limit asks (0: 500)
	MergePUT            bool          // PUT (one and bulk) keeps the stored value of every field the body leaves at its zero value
	Unordered           bool          // lists tokens in a fixed order other than by id (stable across pages and calls)
	ReuseIDs            bool          // a new token takes the lowest free id instead of the highest plus one
	NotFoundOnceAt      int           // the first list request at this offset is answered the API's own 404 "No payment tokens found."
	ShiftOnceAt         int           // the first list request at this offset is served ShiftBy records early
	ShiftBy             int           // how many records early the request at ShiftOnceAt is served (from offset 1 at the earliest)
	GatewayTimeoutEvery int           // every Nth create is answered 504 by the "gateway" at once and applied ApplyLate later
	ApplyLate           time.Duration // when a gateway-timed-out create lands (0: 300ms)
	CreateDelay         time.Duration // every create takes this long; it is applied even when the client has gone
	DateLayout          string        // the Go time layout LastUpdate is emitted in ("": the API's 01/02/2006 15:04)
	StoreOffset         time.Duration // LastUpdate is emitted as the wall clock of a store this far from UTC (-14h to 14h; 0: UTC)
	RateLimitHeaders    bool          // every answer carries X-RateLimit-Limit (the bucket size; 50 without WithRateLimit) and X-RateLimit-Remaining (the requests left)
	ArrayCreate         bool          // POST takes an array of tokens too, answering like the bulk PUT (see below)
	ArrayAnswer         ArrayAnswer   // how an array create's answer lists its items (0: in input order)
}

// ArrayAnswer is how the answer of an array create (Behaviour.ArrayCreate)
// lists its envelope items, for a store whose answer cannot be paired with
// the tokens by position. An answer of one item is left as it is.
type ArrayAnswer int

const (
	// AnswerInOrder lists one item per token, in input order.
	AnswerInOrder ArrayAnswer = iota
	// AnswerReversed lists one item per token, last first.
	AnswerReversed
	// AnswerDropsLast leaves out the last token's item.
	AnswerDropsLast
	// AnswerRepeatsFirst gives the first token's item in place of the last's.
	AnswerRepeatsFirst
)

// WithBehaviour sets how the sandbox misbehaves (see [Behaviour]); a
// Behaviour that [Behaviour.Check] refuses is [New]'s error.
func WithBehaviour(b Behaviour) Option {
	return func(s *Server) error {
		if err := b.Check(); err != nil {
			return err
		}
		s.behaviour = b
		return nil
	}
}

// Behaviour returns how the sandbox misbehaves, as set by [WithBehaviour].
func (s *Server) Behaviour() Behaviour { return s.behaviour }

// BehaviourError is a Behaviour that cannot be meant, as [Behaviour.Check]
// finds it: the fields at fault, their values, and what is wanted.
type BehaviourError struct {
	Fields []string // the names of the fields at fault, such as "ShiftOnceAt"
	Values []any    // their values, in the order of Fields
	Want   string   // what is wanted of them, such as "want 0 (off) or more"
}

// Error reads "paymenttokens: sandbox.Behaviour: ShiftOnceAt 3 ShiftBy 0: give both ...".
func (e *BehaviourError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, field := range e.Fields {
		parts[i] = fmt.Sprintf("%s %v", field, e.Values[i])
	}
	return fmt.Sprintf("paymenttokens: sandbox.Behaviour: %s: %s", strings.Join(parts, " "), e.Want)
}

// Check refuses values that cannot be meant, with a [*BehaviourError]: a
// negative number or duration, one of ShiftOnceAt and ShiftBy without the
// other, a StoreOffset no time zone has, or an ArrayAnswer that is none of
// the Answer constants.
func (b Behaviour) Check() error {
	for _, f := range []struct {
		name     string
		negative bool
		value    any
	}{
		{"PageCap", b.PageCap < 0, b.PageCap},
		{"NotFoundOnceAt", b.NotFoundOnceAt < 0, b.NotFoundOnceAt},
		{"ShiftOnceAt", b.ShiftOnceAt < 0, b.ShiftOnceAt},
		{"ShiftBy", b.ShiftBy < 0, b.ShiftBy},
		{"GatewayTimeoutEvery", b.GatewayTimeoutEvery < 0, b.GatewayTimeoutEvery},
		{"ApplyLate", b.ApplyLate < 0, b.ApplyLate},
		{"CreateDelay", b.CreateDelay < 0, b.CreateDelay},
	} {
		if f.negative {
			return &BehaviourError{Fields: []string{f.name}, Values: []any{f.value}, Want: "want 0 (off) or more"}
		}
	}
	switch {
	case (b.ShiftOnceAt > 0) != (b.ShiftBy > 0):
		return &BehaviourError{Fields: []string{"ShiftOnceAt", "ShiftBy"}, Values: []any{b.ShiftOnceAt, b.ShiftBy},
			Want: "give both (the offset, and how many records early), or neither"}
	case b.StoreOffset < -14*time.Hour || b.StoreOffset > 14*time.Hour:
		return &BehaviourError{Fields: []string{"StoreOffset"}, Values: []any{b.StoreOffset}, Want: "want -14h to 14h, as a time zone"}
	case b.ArrayAnswer < AnswerInOrder || b.ArrayAnswer > AnswerRepeatsFirst:
		return &BehaviourError{Fields: []string{"ArrayAnswer"}, Values: []any{b.ArrayAnswer}, Want: "want one of the Answer constants"}
	}
	return nil
}

// pageCap is the most tokens one page holds.
func (b Behaviour) pageCap() int {
	if b.PageCap == 0 {
		return MaxLimit
	}
	return b.PageCap
}

// applyLate is how long after its 504 a gateway-timed-out create lands.
func (b Behaviour) applyLate() time.Duration {
	if b.ApplyLate == 0 {
		return DefaultApplyLate
	}
	return b.ApplyLate
}
