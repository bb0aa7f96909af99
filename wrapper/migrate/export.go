package migrate

import (
	"context"
	"io"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// ExportOptions choose how Export writes.
type ExportOptions struct {
	// Format is the file format (JSONL or CSV; 0 means JSONL).
	Format tokenfile.Format
	// Progress, when not nil, receives progress.
	Progress ProgressFunc
}

// format is Format, or JSONL when it is 0.
func (o ExportOptions) format() tokenfile.Format {
	if o.Format == 0 {
		return tokenfile.JSONL
	}
	return o.Format
}

// Export writes every token of the store to w and returns how many it
// wrote. It asks for the count first (for Progress.Total), then streams the
// store page by page: memory stays flat in the store's size. The listing
// must add up (see wrapper.Client.All): when it does not, Export returns an
// error and what it wrote to w is incomplete, so write to a temporary file
// and keep it only on success. w is flushed but not closed.
func Export(ctx context.Context, c *wrapper.Client, w io.Writer, opts ExportOptions) (int, error) {
	if err := checkClient(c); err != nil {
		return 0, err
	}
	out, err := tokenfile.NewWriter(w, opts.format())
	if err != nil {
		return 0, err
	}
	tr := newTracker(opts.Progress)
	total, err := c.Count(ctx)
	if err != nil {
		return 0, while(err, "counting the store's tokens")
	}
	tr.begin(PhaseExport, total)
	n := 0
	for t, err := range c.All(ctx) {
		if err != nil {
			return n, while(err, "exporting after %d tokens", n)
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
