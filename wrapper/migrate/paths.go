package migrate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
// the file systems that do). Whether an existing journal is one is checked
// when it is read.
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
	var ids []fileID
	for _, o := range outs {
		id, err := identify(o.path)
		if err != nil {
			return fmt.Errorf("paymenttokens: %w: %s %s cannot be used (%v); give %s a path in a folder you can write", ErrPathRefused, o.what, o.path, cause(err), o.what)
		}
		for j, r := range reads {
			if rid, err := identify(r); err == nil && id.same(rid) {
				if j == 0 {
					return refuse(o, "is the token file being imported")
				}
				return refuse(o, "is %s, a file the import reads", r)
			}
		}
		for j, other := range ids {
			if id.same(other) {
				return refuse(o, "is the same file as %s %s", outs[j].what, outs[j].path)
			}
		}
		ids = append(ids, id)
		switch {
		case id.info == nil:
		case !id.info.Mode().IsRegular():
			return refuse(o, "is not a regular file")
		case o.isIDMap:
			switch owner, ours := idMapStore(o.path); {
			case !ours:
				return refuse(o, "is an existing file that is not an id map an import wrote (its first line is not %q); a customer or order map, or any other file, is never replaced", idMapMark("…"))
			case owner != "" && owner != store:
				return refuse(o, "is the id map of an import into another store (digest %.12s…; this client's store has %.12s…), and only an import into that store replaces it; check that the credentials and base URL name the store you meant", owner, store)
			}
		}
	}
	return nil
}

// fileID identifies a file however its path is spelled.
type fileID struct {
	info os.FileInfo // the existing file; nil when there is none
	abs  string      // for a new file: its absolute path, its folder's symlinks resolved
}

// identify returns the identity of the file at path.
func identify(path string) (fileID, error) {
	info, err := os.Stat(path)
	if err == nil {
		return fileID{info: info}, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fileID{}, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fileID{}, err
	}
	dir := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return fileID{abs: filepath.Join(dir, filepath.Base(abs))}, nil
}

// same reports whether a and b are one file.
func (a fileID) same(b fileID) bool {
	if a.info != nil && b.info != nil {
		return os.SameFile(a.info, b.info)
	}
	return a.info == nil && b.info == nil && strings.EqualFold(a.abs, b.abs)
}

// idMapStore reads the first line of the file at path: ours is true when
// it is empty ("" for store) or an id map Import wrote, whose first line
// names the digest of the store it was written for.
func idMapStore(path string) (store string, ours bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	first, err := bufio.NewReader(io.LimitReader(f, 256)).ReadString('\n')
	if first == "" {
		return "", errors.Is(err, io.EOF)
	}
	store, ours = strings.CutPrefix(strings.TrimRight(first, "\r\n"), idMapMark(""))
	return store, ours && store != ""
}
