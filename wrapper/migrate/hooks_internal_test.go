package migrate

import (
	"context"
	"testing"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// UseLockRoot makes the store locks of the test t (which must not be
// parallel) live under root instead of /tmp.
func UseLockRoot(t *testing.T, root string) {
	old := lockRoot
	lockRoot = root
	t.Cleanup(func() { lockRoot = old })
}

// StoreLockDir is the folder of this user's store locks.
func StoreLockDir() string { return storeLockDir() }

// StoreLockPaths are the paths of the locks an import with c takes.
func StoreLockPaths(ctx context.Context, c *wrapper.Client) []string {
	var paths []string
	for _, place := range c.StorePlaces(ctx) {
		paths = append(paths, storeLockPath(place))
	}
	return paths
}
