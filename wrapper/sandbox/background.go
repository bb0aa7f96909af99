package sandbox

import (
	"sync"
	"time"
)

// background runs the work a store does after it has answered (creates a
// gateway timed out, landing later), and ends it with the server.
type background struct {
	closing <-chan struct{} // closed when the server starts closing
	mu      sync.Mutex
	closed  bool
	wg      sync.WaitGroup
}

// start runs f in its own goroutine unless the server is closing; Close
// waits for it. The lock makes start and close exclusive, so that no Add
// races the Wait.
func (b *background) start(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.wg.Go(f)
}

// close refuses new work and waits for the running work, which ends early
// because closing is closed.
func (b *background) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.wg.Wait()
}

// sleep waits d, and reports false when the server started closing first.
// It ignores the request's context on purpose: a real backend finishes its
// work when the client leaves.
func (b *background) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-b.closing:
		return false
	}
}
