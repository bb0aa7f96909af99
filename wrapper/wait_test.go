package wrapper_test

import (
	"context"
	"sync"
	"time"
)

// noWait ends a retry wait at once (still honouring ctx).
func noWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// waits records retry waits instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}
