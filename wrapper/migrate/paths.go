package migrate

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// output is a file the import writes.
type output struct {
	what, path string
	isIDMap    bool
}

// checkOutputs refuses, before anything is written, a journal or id map
// path that names the token file, a protected file, the other output, or
// something other than a regular file; and an existing id map that is not
// one Import wrote for an import into store (the digest): a customer map
// typed for the id map is never replaced. However the path is spelled (relative, absolute, through a symlink):
// an existing file is compared by identity, a new one by its cleaned
// absolute path with its folder's symlinks resolved, ignoring case (for
// the file systems that do). An existing journal must start with a begin
// record (it is checked again, whole, when it is read under its lock).
func checkOutputs(src Source, opts ImportOptions, store string) error {
	var outs []output
	if opts.Journal != "" {
		outs = append(outs, output{what: "the journal", path: opts.Journal})
	}
	if opts.IDMap != "" {
		outs = append(outs, output{what: "the id map", path: opts.IDMap, isIDMap: true})
	}
	refuse := func(o output, format string, args ...any) error {
		return fmt.Errorf("paymenttokens: %w: %s %s %s; it was left as it is: give %s a path of its own",
			ErrPathRefused, o.what, o.path, fmt.Sprintf(format, args...), o.what)
	}
	reads := append([]string{src.Path}, opts.Protected...)
	var ids []safefile.ID
	for _, o := range outs {
		id, err := safefile.Identify(o.path)
		if err != nil {
			return fmt.Errorf("paymenttokens: %w: %s %s cannot be used (%v); give %s a path in a folder you can write", ErrPathRefused, o.what, o.path, safefile.Cause(err), o.what)
		}
		for j, r := range reads {
			if rid, err := safefile.Identify(r); err == nil && id.Same(rid) {
				if j == 0 {
					return refuse(o, "is the token file being imported")
				}
				return refuse(o, "is %s, a file the import reads", r)
			}
		}
		for j, other := range ids {
			if id.Same(other) {
				return refuse(o, "is the same file as %s %s", outs[j].what, outs[j].path)
			}
		}
		ids = append(ids, id)
		if id.Info == nil {
			continue
		}
		var owner string
		var notJournal error
		ours, err := safefile.MayReplace(o.path, outputHead, false, func(head []byte) (ok bool) {
			if o.isIDMap {
				ok, owner = tokenfile.IsIDMap(head)
				return ok
			}
			_, notJournal = readJournal(bytes.NewReader(head), o.path)
			return !errors.Is(notJournal, ErrPathRefused)
		})
		switch {
		case errors.Is(err, safefile.ErrNotRegular):
			return refuse(o, "is not a regular file")
		case !o.isIDMap && err != nil: // opening the journal says why it cannot be read
		case !o.isIDMap && !ours:
			return notJournal
		case !o.isIDMap:
		case err != nil || !ours:
			return refuse(o, "is an existing file that is not an id map an import wrote (its first line is not %q); a customer or order map, or any other file, is never replaced", tokenfile.IDMapMark("…"))
		case owner != "" && owner != store:
			return refuse(o, "is the id map of an import into another store (digest %.12s…; this client's store has %.12s…), and only an import into that store replaces it; check that the credentials and base URL name the store you meant", owner, store)
		}
	}
	return nil
}

// outputHead is how much of an existing journal or id map is read to tell
// whose it is: its first line (the journal's begin record, the id map's
// mark) is far shorter.
const outputHead = 64 << 10
