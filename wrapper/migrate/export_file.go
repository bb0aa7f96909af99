package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// ExportFile exports the store (see [Export]) to the file at path, mode 0600,
// atomically: a temporary file in the same folder, synced, renamed over
// path and the folder synced, only when the whole export succeeded; a
// failed or interrupted export leaves path as it was. Temporary files that
// killed exports to path left behind are removed.
//
// An existing file is replaced only when it is empty or an earlier export
// (its first record a token in the export's format with a PaymentTokenID),
// and only when no import depends on it: its journal at the default path
// ([DefaultJournal]) must not be held by a running import, record creates
// whose outcome is not settled (resuming needs the file as it is), be
// unreadable, or have been written for the store being exported (the file
// was imported into it: its tokens would replace the source's). A token
// file does not record its store, so that journal is all that tells. Each
// of these, and anything else (an env file, a journal, a spreadsheet,
// notes, a path that is not a regular file), is refused with
// [ErrPathRefused] before any request. An export that finds the
// store empty does not replace a file holding tokens: it is refused with
// ErrPathRefused right after the listing, the file left as it was.
func ExportFile(ctx context.Context, c *wrapper.Client, path string, opts ExportOptions) (int, error) {
	if err := checkClient(c); err != nil {
		return 0, err // before any file is touched
	}
	dest, err := safefile.Destination(path)
	if err != nil {
		return 0, err
	}
	var holds bool
	ours, err := safefile.MayReplace(dest, 2*tokenfile.MaxRecordBytes+2, false, func(head []byte) (ok bool) {
		ok, holds = tokenfile.IsExport(head, opts.format())
		return ok
	})
	if err != nil || !ours {
		return 0, fmt.Errorf("paymenttokens: %w: %s exists and is not a token file in %s (its first record is not a token); it was left as it is: export to a new file, or remove this one first",
			ErrPathRefused, path, opts.format())
	}
	if holds {
		if err := checkJournalOf(path, c.StoreDigest()); err != nil {
			return 0, err
		}
	}
	w, err := safefile.CreateAt(dest)
	if err != nil {
		return 0, err
	}
	defer w.Abort()
	n, err := Export(ctx, c, w, opts)
	if err != nil {
		return n, err
	}
	if n == 0 && holds {
		return 0, fmt.Errorf("paymenttokens: %w: the store holds no token, and %s holds some (an earlier export); it was left as it is rather than emptied: check that the credentials and base URL name the store you meant, export to another path, or remove %s first if an empty file is what you want",
			ErrPathRefused, path, path)
	}
	return n, w.Commit()
}

// DefaultJournal is the journal path the paymenttokens command gives an
// import of the token file at path when none is named: path + ".journal".
// ExportFile reads it to know whether an import depends on path.
func DefaultJournal(path string) string { return path + ".journal" }

// checkJournalOf refuses to replace the token file at path when its
// default journal shows an import depending on it (see ExportFile); store
// is the digest of the store being exported. A file at that path that is
// not a journal says nothing of path.
func checkJournalOf(path, store string) error {
	jp := DefaultJournal(path)
	refuse := func(why string, args ...any) error {
		return fmt.Errorf("paymenttokens: %w: %s is the token file of an import: its journal %s %s; it was left as it is: export to another path",
			ErrPathRefused, path, jp, fmt.Sprintf(why, args...))
	}
	info, err := os.Stat(jp)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err == nil && !info.Mode().IsRegular(): // a named pipe would block the open
		return nil
	}
	f, err := os.Open(jp)
	if err != nil {
		return refuse("cannot be read (%v)", safefile.Cause(err))
	}
	defer f.Close() // releases the lock
	if held, err := safefile.TryLock(f); err != nil {
		return while(err, "locking the journal %s", jp)
	} else if !held {
		return refuse("is locked by an import running now, which reads the file; wait for it to end")
	}
	st, err := readJournal(f, jp)
	switch {
	case errors.Is(err, ErrPathRefused): // not a journal of this tool
		return nil
	case err != nil:
		return refuse("cannot be read, so whether the import still needs the file is not known (%s)", reason(err))
	case st.begin == nil:
		return nil
	case len(st.pending) > 0:
		return refuse("records %d create(s) whose outcome is not settled, and resuming needs the file as it is: run the import again with it to the end first", len(st.pending))
	case st.begin.Store == store:
		return refuse("was written for an import into the store being exported, so this export would replace the file's tokens with that store's own")
	}
	return nil
}
