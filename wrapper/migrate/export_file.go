package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// ExportFile exports the store (see Export) to the file at path, mode 0600,
// atomically: a temporary file in the same folder, synced, renamed over
// path and the folder synced, only when the whole export succeeded; a
// failed or interrupted export leaves path as it was. Temporary files that
// killed exports to path left behind are removed. An existing file is
// replaced only when it is empty or an earlier export (its first record a
// token in the export's format with a PaymentTokenID): anything else (an
// env file, a journal, a spreadsheet, notes) is refused with ErrPathRefused
// before any request, as is a path that is not a regular file (see
// WriteFileAtomic).
func ExportFile(ctx context.Context, c *wrapper.Client, path string, opts ExportOptions) (int, error) {
	if err := checkClient(c); err != nil {
		return 0, err // before any file is touched
	}
	dest, err := destination(path)
	if err != nil {
		return 0, err
	}
	if !isTokenFile(dest, opts.format()) {
		return 0, fmt.Errorf("paymenttokens: %w: %s exists and is not a token file in %s (its first record is not a token); it was left as it is: export to a new file, or remove this one first",
			ErrPathRefused, path, opts.format())
	}
	w, err := createAt(dest)
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

// isTokenFile reports whether the file at path may be replaced by an
// export in format f: it does not exist, is empty, or reads as an earlier
// export: its first record a token in f with a PaymentTokenID (or, in CSV,
// the header of an empty store's export). Only the first record is read.
func isTokenFile(path string, f Format) bool {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	defer file.Close()
	if info, err := file.Stat(); err != nil || info.Size() == 0 {
		return err == nil
	}
	r, err := NewReader(file, f, path)
	if err != nil {
		return false
	}
	rec, err := r.Next()
	if errors.Is(err, io.EOF) { // a CSV export of an empty store: its header alone
		return f == CSV && slices.ContainsFunc(r.header, func(c field) bool { return c.name == "PaymentTokenID" })
	}
	return err == nil && rec.Token.PaymentTokenID != 0 // an export's tokens come from a store: they have ids
}
