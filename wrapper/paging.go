package wrapper

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// page is one fetched page of All.
type page struct {
	tokens []PaymentToken
	err    error
}

// All yields every token of the store, walking offsets 1, 501, 1001, … with
// pages of 500. It fetches lazily (up to WithConcurrency pages ahead), stops
// after a short or empty page, yields an error once and stops, and honours
// break and ctx. Offsets are positions, so tokens deleted or created during
// the walk may shift the pages; walk a store that is not being written to.
//
// API: GET /PaymentTokens?limit=500&offset=1, 501, 1001, … (listPaymentTokens)
func (c *Client) All(ctx context.Context) iter.Seq2[PaymentToken, error] {
	return func(yield func(PaymentToken, error) bool) {
		var wg sync.WaitGroup
		defer wg.Wait() // no fetch outlives the walk
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		var queue []chan page
		offset := 1
		fetch := func() {
			ch := make(chan page, 1)
			queue = append(queue, ch)
			params := ListParams{Limit: MaxLimit, Offset: offset}
			offset += MaxLimit
			wg.Go(func() {
				tokens, err := c.List(ctx, params)
				ch <- page{tokens, err}
			})
		}
		var previousFirst int32 // the id that began the page before, to notice a server that ignores offset
		for pageOffset := 1; ; pageOffset += MaxLimit {
			for len(queue) < c.cfg.concurrency {
				fetch()
			}
			p := <-queue[0]
			queue = queue[1:]
			if p.err == nil && len(p.tokens) > 0 && p.tokens[0].PaymentTokenID == previousFirst {
				p.err = fmt.Errorf("paymenttokens: All: the page at offset %d begins with the same token (PaymentTokenID %d) as the page before: the server seems to ignore offset, so the walk stops instead of repeating itself", pageOffset, previousFirst)
			}
			if p.err != nil {
				yield(PaymentToken{}, p.err)
				return
			}
			if len(p.tokens) > 0 {
				previousFirst = p.tokens[0].PaymentTokenID
			}
			for _, t := range p.tokens {
				if !yield(t, nil) {
					return
				}
			}
			if len(p.tokens) < MaxLimit {
				return
			}
		}
	}
}
