// Package pager fetches the pages of wrapper's All ahead of the walk,
// keeping up to a number of requests in flight.
package pager

import (
	"context"
	"sync"
)

// Page is one fetched page.
type Page[T any] struct {
	Items []T
	Err   error
}

// fetch is one page request: the page the walk needs next, or a guess at
// one further on.
type fetch[T any] struct {
	offset int
	cancel context.CancelFunc
	done   chan Page[T] // buffered: the fetch never waits for a reader
}

// Pager fetches pages, keeping up to its concurrency requests in flight.
// The offsets after the one the walk needs are guessed from the size of the
// page before (a store may serve fewer than it was asked for); when a page
// proves a guess wrong (it held another number of items), the guesses are
// cancelled and their pages dropped.
type Pager[T any] struct {
	ctx         context.Context
	concurrency int
	get         func(ctx context.Context, offset int) ([]T, error)
	wg          sync.WaitGroup
	queue       []*fetch[T]
}

// New returns a pager reading the page at an offset with get, up to
// concurrency at once, until ctx ends.
func New[T any](ctx context.Context, concurrency int, get func(ctx context.Context, offset int) ([]T, error)) *Pager[T] {
	return &Pager[T]{ctx: ctx, concurrency: concurrency, get: get}
}

// Get returns the page at offset. step is the size of the page before
// (the page size for a walk's first), and no guess goes past offset last.
func (p *Pager[T]) Get(offset, step, last int) Page[T] {
	if len(p.queue) > 0 && p.queue[0].offset != offset {
		p.Discard()
	}
	if len(p.queue) == 0 {
		p.fetch(offset)
	}
	for next := p.queue[len(p.queue)-1].offset + step; len(p.queue) < p.concurrency && next <= last; next += step {
		p.fetch(next)
	}
	f := p.queue[0]
	p.queue = p.queue[1:]
	pg := <-f.done
	f.cancel()
	return pg
}

func (p *Pager[T]) fetch(offset int) {
	ctx, cancel := context.WithCancel(p.ctx)
	f := &fetch[T]{offset: offset, cancel: cancel, done: make(chan Page[T], 1)}
	p.queue = append(p.queue, f)
	p.wg.Go(func() {
		items, err := p.get(ctx, offset)
		f.done <- Page[T]{items, err}
	})
}

// Discard cancels the fetches in flight; their pages are dropped.
func (p *Pager[T]) Discard() {
	for _, f := range p.queue {
		f.cancel()
	}
	p.queue = nil
}

// Close discards the fetches in flight and waits for them to end, so that
// none outlives the walk.
func (p *Pager[T]) Close() {
	p.Discard()
	p.wg.Wait()
}
