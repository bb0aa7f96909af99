package sandbox

import (
	"math"
	"sync"
	"time"
)

// leakyBucket is the API's rate limit: each request adds one drop to a
// bucket of capacity drops that leaks rate drops per second; a request that
// would overflow it is refused.
type leakyBucket struct {
	mu       sync.Mutex
	capacity float64
	rate     float64
	level    float64
	last     time.Time
	now      func() time.Time
}

// admit reports whether one more request fits, and if not how long until
// it would; left is how many more requests fit after this one.
func (b *leakyBucket) admit() (ok bool, wait time.Duration, left int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if !b.last.IsZero() {
		b.level = max(0, b.level-now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.level+1 > b.capacity {
		return false, time.Duration((b.level + 1 - b.capacity) / b.rate * float64(time.Second)), 0
	}
	b.level++
	return true, 0, int(b.capacity - b.level)
}

// retryAfterSeconds renders a wait as the whole seconds of a Retry-After header (at least 1).
func retryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}
