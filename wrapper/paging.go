package wrapper

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/idset"
)

// maxWalks bounds how many times All walks the store before it gives up.
const maxWalks = 3

// maxPrealloc caps the room for ids that a walk reserves from the count
// (4 MiB), so that a wrong count cannot make All reserve more.
const maxPrealloc = 1 << 20

// All yields every token of the store exactly once, and proves the listing
// complete: it yields an error matching ErrIncompleteListing rather than
// end quietly with tokens missing.
//
// A walk takes Count, then reads pages of up to 500 from offset 1, moving
// the offset on by the number of tokens each page actually held (a store
// may serve fewer a page). An empty page (the API's own 404 or its
// "Offset amount exceeds" 400) before the count is reached ends the walk
// unfinished. Once the count is reached, All reads one page more, and goes
// on while pages still come (the store grew); then it takes Count again. The
// walk adds up when the distinct ids it saw equal the count, the count did
// not change, and no id came twice (a page that starts early repeats ids;
// one holding only ids already seen ends the walk, so a server ignoring
// offset cannot loop). When a walk does not add up, All walks again, up to
// 3 walks in all, yielding only tokens no earlier walk yielded; if none adds
// up, it yields one error that says what did not (the counts, the distinct
// ids, the repeats, the offset of an empty page), or that the store changed
// during every walk. A create and a delete during one walk can cancel out
// in its counts: walk a store that is not being written to.
//
// Memory: besides a page, All keeps the ids it yielded, 4 bytes each while
// they come in ascending order (as the API lists them; a map otherwise),
// and during a second or third walk the ids of that walk as well.
//
// It fetches lazily: with WithConcurrency(n) up to n pages are in flight,
// at offsets guessed from the size of the page before and never past the
// count; guesses a page proves wrong are cancelled. Tokens come in the
// store's order all the same. An error from Count or List is yielded once
// and ends the walk; break and ctx are honoured, and no request outlives
// the iteration.
//
// API: GET /PaymentTokens?countonly=1, then GET /PaymentTokens?limit=500&offset=1, … (listPaymentTokens)
func (c *Client) All(ctx context.Context) iter.Seq2[PaymentToken, error] {
	return c.AllPaged(ctx, MaxLimit)
}

// AllPaged is All asking for pages of pageSize tokens (1 to MaxLimit; All
// asks for MaxLimit): for a store known to serve smaller pages, so that the
// pages fetched ahead with WithConcurrency are guessed right from the first
// page on. A pageSize out of range yields one error and sends nothing.
//
// API: GET /PaymentTokens?countonly=1, then GET /PaymentTokens?limit=pageSize&offset=1, … (listPaymentTokens)
func (c *Client) AllPaged(ctx context.Context, pageSize int) iter.Seq2[PaymentToken, error] {
	return func(yield func(PaymentToken, error) bool) {
		if pageSize < 1 || pageSize > MaxLimit {
			yield(PaymentToken{}, fmt.Errorf("paymenttokens: AllPaged: page size %d is out of range: want 1 to %d", pageSize, MaxLimit))
			return
		}
		p := &pager{c: c, ctx: ctx, size: pageSize}
		defer p.close()
		var yielded *idset.Set // nil until the first walk: its ids are the yielded ones
		var walks []*walk
		for range maxWalks {
			w := &walk{}
			if !c.walk(ctx, p, w, yielded, yield) || w.addsUp() {
				return
			}
			if yielded == nil {
				yielded = w.seen
			} else {
				yielded.AddAll(w.seen)
			}
			walks = append(walks, w)
		}
		yield(PaymentToken{}, incompleteListing(walks))
	}
}

// walk is one pass over the store's pages, and what it saw.
type walk struct {
	before, after int        // the count before and after the pass
	read          int        // records read: the next page starts at read+1
	seen          *idset.Set // the ids of this pass
	repeats       int        // tokens whose id this pass had seen already
	emptyAt       int        // the offset of an empty page before the count was reached, or 0
	staleAt       int        // the offset of a page holding only ids seen already, or 0
}

// addsUp reports whether the pass saw exactly the tokens the count promised.
func (w *walk) addsUp() bool {
	return w.before == w.after && w.seen.Len() == w.before && w.repeats == 0
}

func (w *walk) String() string {
	s := fmt.Sprintf("count %d before and %d after, %d distinct ids seen, %d seen twice", w.before, w.after, w.seen.Len(), w.repeats)
	if w.emptyAt > 0 {
		s += fmt.Sprintf(", the page at offset %d empty before the count was reached", w.emptyAt)
	}
	if w.staleAt > 0 {
		s += fmt.Sprintf(", the page at offset %d holding only ids seen already", w.staleAt)
	}
	return s
}

// walk makes one pass into w: the count, the pages, the count again. It
// yields the tokens that yielded does not hold (every new one on the first
// pass, when yielded is nil), and reports false when the iteration ends:
// the caller stopped, or an error was yielded.
func (c *Client) walk(ctx context.Context, p *pager, w *walk, yielded *idset.Set, yield func(PaymentToken, error) bool) bool {
	var err error
	if w.before, err = c.Count(ctx); err != nil {
		yield(PaymentToken{}, err)
		return false
	}
	w.seen = idset.New(min(w.before, maxPrealloc))
	for step := p.size; ; {
		offset := w.read + 1
		pg := p.get(offset, step, w.before)
		if pg.err != nil {
			yield(PaymentToken{}, pg.err)
			return false
		}
		if len(pg.tokens) == 0 {
			if w.read < w.before {
				w.emptyAt = offset
			}
			break
		}
		fresh := 0
		for _, t := range pg.tokens {
			if w.seen.Has(t.PaymentTokenID) {
				w.repeats++
				continue
			}
			w.seen.Add(t.PaymentTokenID)
			fresh++
			if yielded != nil && yielded.Has(t.PaymentTokenID) {
				continue
			}
			if !yield(t, nil) {
				return false
			}
		}
		if fresh == 0 {
			w.staleAt = offset
			break
		}
		w.read += len(pg.tokens)
		step = len(pg.tokens)
	}
	p.discard()
	if w.after, err = c.Count(ctx); err != nil {
		yield(PaymentToken{}, err)
		return false
	}
	return true
}

// incompleteListing is the error for walks none of which added up.
func incompleteListing(walks []*walk) error {
	parts := make([]string, len(walks))
	changed := true
	for i, w := range walks {
		parts[i] = fmt.Sprintf("walk %d: %s", i+1, w)
		changed = changed && w.before != w.after
	}
	what := fmt.Sprintf("the pages and the count disagreed in each of %d walks", len(walks))
	fix := "the API serves pages that do not match its count; run All again, and report it if it persists"
	if changed {
		what = fmt.Sprintf("the store changed during the walk: count went from %d to %d", walks[0].before, walks[len(walks)-1].after)
		fix = "walk the store when nothing writes to it"
	}
	return fmt.Errorf("paymenttokens: All: %w: %s (%s); every token yielded was yielded once; %s",
		ErrIncompleteListing, what, strings.Join(parts, "; "), fix)
}
