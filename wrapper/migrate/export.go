package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// Export writes every token of the store to w in format f and returns how
// many it wrote. It asks for the count first (for Progress.Total), then
// streams the store page by page: memory stays flat in the store's size.
// Progress may be nil. w is flushed but not closed.
func Export(ctx context.Context, c *wrapper.Client, w io.Writer, f Format, progress ProgressFunc) (int, error) {
	if c == nil {
		return 0, errors.New("paymenttokens: the *wrapper.Client is nil; create one with wrapper.New")
	}
	out, err := NewWriter(w, f)
	if err != nil {
		return 0, err
	}
	tr := newTracker(progress)
	total, err := c.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("paymenttokens: counting the store's tokens: %w", err)
	}
	tr.begin(PhaseExport, total)
	n := 0
	for t, err := range c.All(ctx) {
		if err != nil {
			return n, fmt.Errorf("paymenttokens: exporting after %d tokens: %w", n, err)
		}
		if err := out.Write(t); err != nil {
			return n, err
		}
		n++
		tr.p.Done = n
		tr.tick()
	}
	if err := out.Flush(); err != nil {
		return n, err
	}
	tr.p.Total = max(tr.p.Total, n) // the store may have grown since the count
	tr.end()
	return n, nil
}
