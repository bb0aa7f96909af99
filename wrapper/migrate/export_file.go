package migrate

import (
	"context"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// ExportFile exports the store (see Export) to the file at path, mode 0600,
// atomically: a temporary file in the same folder, synced, renamed over
// path and the folder synced, only when the whole export succeeded; a
// failed or interrupted export leaves path as it was. Temporary files that
// killed exports to path left behind are removed.
func ExportFile(ctx context.Context, c *wrapper.Client, path string, opts ExportOptions) (int, error) {
	w, err := createAtomic(path)
	if err != nil {
		return 0, err
	}
	defer w.abort()
	n, err := Export(ctx, c, w, opts)
	if err != nil {
		return n, err
	}
	return n, w.commit()
}
