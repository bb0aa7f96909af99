package wrapper

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/idset"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pager"
)

// maxWalks bounds how many times All walks the store before it gives up.
const maxWalks = 3

// maxPrealloc caps the room for ids that a walk reserves from the count
// (4 MiB), so that a wrong count cannot make All reserve more.
const maxPrealloc = 1 << 20

// All yields every token of the store exactly once, or an error matching
// [ErrIncompleteListing] (see Complete listings in the package doc). It
// fetches lazily; an error from Count or List is yielded once and ends the
// iteration; break and ctx are honoured, and no request outlives it.
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
		p := pager.New(ctx, c.cfg.concurrency, func(ctx context.Context, offset int) ([]PaymentToken, error) {
			return c.List(ctx, ListParams{Limit: pageSize, Offset: offset})
		})
		defer p.Close()
		var yielded *idset.Set // nil until the first walk: its ids are the yielded ones
		var walks []*walk
		for range maxWalks {
			w := &walk{}
			if !c.walk(ctx, p, pageSize, w, yielded, yield) || w.addsUp() {
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

// walk makes one pass into w: the count, the pages of size read through p,
// the count again. It yields the tokens that yielded does not hold (every
// new one on the first pass, when yielded is nil), and reports false when
// the iteration ends: the caller stopped, or an error was yielded.
func (c *Client) walk(ctx context.Context, p *pager.Pager[PaymentToken], size int, w *walk, yielded *idset.Set, yield func(PaymentToken, error) bool) bool {
	var err error
	if w.before, err = c.Count(ctx); err != nil {
		yield(PaymentToken{}, err)
		return false
	}
	w.seen = idset.New(min(w.before, maxPrealloc))
	for step := size; ; {
		offset := w.read + 1
		pg := p.Get(offset, step, w.before)
		if pg.Err != nil {
			yield(PaymentToken{}, pg.Err)
			return false
		}
		if len(pg.Items) == 0 {
			if w.read < w.before {
				w.emptyAt = offset
			}
			break
		}
		fresh := 0
		for _, t := range pg.Items {
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
		w.read += len(pg.Items)
		step = len(pg.Items)
	}
	p.Discard()
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
