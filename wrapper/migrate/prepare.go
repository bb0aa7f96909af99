package migrate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// prepare makes the run safe to start, before the file is checked and
// before any request: it refuses journal and id map paths that could
// overwrite what they must not, checks that the id map's folder can be
// written (removing the temporary files killed runs left there), and opens,
// locks and checks the journal (a dry run only reads it), then takes the
// store's lock (lockStore), both bound to the places the store is reached
// at. What it refuses is left as it was.
func (im *importer) prepare(ctx context.Context) error {
	if err := checkOutputs(im.src, im.opts, im.c.StoreDigest()); err != nil {
		return err
	}
	if err := im.probeIDMap(); err != nil {
		return err
	}
	places := im.c.StorePlaces(ctx)
	if err := im.openJournal(places); err != nil {
		return err
	}
	var err error
	if im.storeLock, err = lockStore(places, !im.opts.DryRun); err != nil {
		im.journal.close() // a journal this run created is removed
		im.journal = nil
	}
	return err
}

// openJournal opens, locks and checks the journal for the store at places;
// a dry run only reads it.
func (im *importer) openJournal(places []string) error {
	if im.opts.Journal == "" {
		return nil
	}
	key, err := tokenfile.NewKey(im.src.Key)
	if err != nil {
		return err
	}
	sum, err := im.src.digest()
	if err != nil {
		return err
	}
	t := journalTarget{store: im.c.StoreDigest(), name: im.c.StoreName(), places: places, sum: sum, key: key, src: im.src}
	if im.opts.DryRun {
		return inspectJournal(im.opts.Journal, t)
	}
	im.journal, err = openJournal(im.opts.Journal, t)
	return err
}

// probeIDMap checks that the id map's folder can be written by starting
// its temporary file, which removes those killed runs left; a dry run,
// which writes nothing, checks that the folder is one.
func (im *importer) probeIDMap() error {
	if im.opts.IDMap == "" {
		return nil
	}
	var err error
	if im.opts.DryRun {
		err = isFolder(filepath.Dir(im.opts.IDMap))
	} else if probe, perr := safefile.Create(im.opts.IDMap); perr != nil {
		err = safefile.Cause(perr)
	} else {
		probe.Abort()
	}
	if err != nil {
		return fmt.Errorf("paymenttokens: %w: the id map's folder cannot be written (%v); give the id map a path in a folder you can write", ErrPathRefused, err)
	}
	return nil
}

// isFolder returns why dir is not a folder, or nil.
func isFolder(dir string) error {
	info, err := os.Stat(dir)
	if err == nil && !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return safefile.Cause(err)
}
