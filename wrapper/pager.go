package wrapper

import (
	"context"
	"sync"
)

// page is one fetched page of All.
type page struct {
	tokens []PaymentToken
	err    error
}

// pageFetch is one page request of All: the page the walk needs next, or a
// guess at one further on.
type pageFetch struct {
	offset int
	cancel context.CancelFunc
	done   chan page // buffered: the fetch never waits for a reader
}

// pager fetches All's pages, keeping up to WithConcurrency requests in
// flight. The offsets after the one the walk needs are guessed from the
// size of the page before (a store may serve fewer than 500 a page); when a
// page proves a guess wrong (it held another number of tokens), the guesses
// are cancelled and their pages dropped.
type pager struct {
	c     *Client
	ctx   context.Context
	size  int // the limit of every page request
	wg    sync.WaitGroup
	queue []*pageFetch
}

// get returns the page at offset. step is the size of the page before
// (the page size for a walk's first), and no guess goes past offset last.
func (p *pager) get(offset, step, last int) page {
	if len(p.queue) > 0 && p.queue[0].offset != offset {
		p.discard()
	}
	if len(p.queue) == 0 {
		p.fetch(offset)
	}
	for next := p.queue[len(p.queue)-1].offset + step; len(p.queue) < p.c.cfg.concurrency && next <= last; next += step {
		p.fetch(next)
	}
	f := p.queue[0]
	p.queue = p.queue[1:]
	pg := <-f.done
	f.cancel()
	return pg
}

func (p *pager) fetch(offset int) {
	ctx, cancel := context.WithCancel(p.ctx)
	f := &pageFetch{offset: offset, cancel: cancel, done: make(chan page, 1)}
	p.queue = append(p.queue, f)
	p.wg.Go(func() {
		tokens, err := p.c.List(ctx, ListParams{Limit: p.size, Offset: offset})
		f.done <- page{tokens, err}
	})
}

// discard cancels the fetches in flight; their pages are dropped.
func (p *pager) discard() {
	for _, f := range p.queue {
		f.cancel()
	}
	p.queue = nil
}

// close discards the fetches in flight and waits for them to end, so that
// none outlives the walk.
func (p *pager) close() {
	p.discard()
	p.wg.Wait()
}
