package sandbox

import (
	"maps"
	"net/http"
	"slices"
	"sync"
)

// otherMethod is the key of Stats.ByMethod for a method net/http has no
// constant for: a client sending made-up methods cannot grow the counts.
const otherMethod = "OTHER"

// knownMethods are the methods counted under their own name.
var knownMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace,
}

// requestCounts counts the requests received, by method.
type requestCounts struct {
	mu sync.Mutex
	by map[string]int64
}

// add counts one request.
func (c *requestCounts) add(method string) {
	if !slices.Contains(knownMethods, method) {
		method = otherMethod
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int64{}
	}
	c.by[method]++
}

// byMethod is a copy of the counts.
func (c *requestCounts) byMethod() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.by)
}
