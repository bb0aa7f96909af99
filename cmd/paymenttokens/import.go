package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// maxConcurrency is the library's bound on creates in flight.
const maxConcurrency = 64

// importFlags are the flags of import beyond the store's and the source's.
type importFlags struct {
	journal, mapOut             string
	update, prune, dryRun, json bool
	concurrency                 int
	settle                      time.Duration
}

func runImport(c *cli, args []string) error {
	var sf storeFlags
	var src sourceFlags
	var o importFlags
	fs := c.newStoreFlags("import", "FILE [--journal FILE] [--map-out FILE] [--key FIELDS] [--update] [--prune] [--dry-run]\n"+
		"                            [--customer-map FILE] [--order-map FILE] [--json]",
		"Makes the store hold the tokens of FILE, matched by key: a token whose key the store lacks is created, one\n"+
			"it holds is left alone (or rewritten with --update), and with --prune the store's tokens whose key is not\n"+
			"in FILE are deleted. The file is checked whole before any request. Killed or failed, run the same command\n"+
			"again: the journal makes sure no token is created twice. The id map lists source_id,target_id for every\n"+
			"token of FILE with a PaymentTokenID.", &sf)
	src.register(fs)
	fs.StringVar(&o.journal, "journal", "", "the journal `FILE` that makes a rerun resume (default FILE.journal)")
	fs.StringVar(&o.mapOut, "map-out", "", "write the id map source_id,target_id to `FILE` (default FILE.idmap.csv)")
	fs.BoolVar(&o.update, "update", false, "rewrite the store's tokens whose fields differ from the file's")
	fs.BoolVar(&o.prune, "prune", false, "delete the store's tokens whose key is not in the file")
	fs.BoolVar(&o.dryRun, "dry-run", false, "send no write and write no file: print what would be done")
	fs.BoolVar(&o.json, "json", false, `print one JSON object per failed token, then {"created":N,"updated":N,"unchanged":N,"deleted":N,"failed":N}`)
	fs.IntVar(&o.concurrency, "concurrency", 4, "creates in flight at once (1 to 64); the rate applies to all of them")
	fs.DurationVar(&o.settle, "settle", migrate.DefaultSettle, "how long a create of unknown outcome (a 504, a cut connection) is given to land before\nthe store is read to decide it; it is never sent again before (Go duration: 90s, 2m)")
	pos, err := c.parse(fs, args, 1, 1, "FILE")
	if err != nil {
		return err
	}
	file := pos[0]
	source, err := src.source(file)
	if err != nil {
		return err
	}
	if o.concurrency < 1 || o.concurrency > maxConcurrency {
		return usagef("--concurrency %d: want 1 to %d", o.concurrency, maxConcurrency)
	}
	if o.settle <= 0 {
		return usagef("--settle %v: want a duration above 0, such as 2m (the default) or 90s", o.settle)
	}
	if o.journal == "" {
		o.journal = file + ".journal"
	}
	if o.mapOut == "" {
		o.mapOut = file + ".idmap.csv"
	}
	client, err := c.client(sf)
	if err != nil {
		return err
	}
	label := "import"
	if o.dryRun {
		label = "import (dry run: planned)"
	}
	p := c.newProgress(label)
	defer c.announceDrain(p)()
	res, err := migrate.Import(c.ctx, client, source, migrate.ImportOptions{
		Update: o.update, Prune: o.prune, DryRun: o.dryRun,
		Journal: o.journal, IDMap: o.mapOut, Concurrency: o.concurrency,
		Settle: o.settle, Drain: c.drain, Progress: p.update,
	})
	p.finish(err)
	if res != nil && (err == nil || errors.Is(err, migrate.ErrSomeFailed)) {
		if o.json {
			printImportJSON(c.stdout, res)
		} else {
			printImport(c.stdout, file, res, o)
		}
	}
	return importError(err, res, o)
}

// importError turns Import's error into the command's: input defects are
// usage errors (nothing was sent); anything else says how to go on.
func importError(err error, res *migrate.Result, o importFlags) error {
	switch {
	case err == nil && res.Differing > 0:
		return failedf("%d of %d tokens are in the store with other values (listed on stdout); run again with --update to rewrite them", res.Differing, res.Tokens)
	case err == nil:
		return nil
	case errors.Is(err, migrate.ErrSomeFailed) && o.dryRun:
		return failedf("%d of %d tokens would fail (listed on stdout); fix them before the import", res.Failed, res.Tokens)
	case errors.Is(err, migrate.ErrSomeFailed):
		return failedf("%d of %d tokens failed (listed on stdout); fix them and run the same command again", res.Failed, res.Tokens)
	case isInputDefect(err):
		return &usageError{msg: err.Error()}
	case errors.Is(err, migrate.ErrJournalMismatch):
		return usageFrom("--journal "+o.journal, err)
	case errors.Is(err, migrate.ErrPruneRefused):
		return usageFrom("--prune", err)
	case o.dryRun, errors.Is(err, wrapper.ErrUnauthorized):
		return err // resuming would not help
	case errors.Is(err, migrate.ErrInterrupted), errors.Is(err, context.Canceled):
		return &interruptedError{msg: fmt.Sprintf("interrupted; run the same command again to resume from the journal %s", o.journal)}
	case errors.Is(err, wrapper.ErrUnreachable):
		return fmt.Errorf("%w (the journal %s keeps what was done)", err, o.journal)
	}
	return fmt.Errorf("%w (the journal %s keeps what was done: once the cause is fixed, run the same command again)", err, o.journal)
}

// isInputDefect reports whether err is a defect of the file, found before any request.
func isInputDefect(err error) bool {
	var input *migrate.InputError
	var dup *migrate.DuplicateKeyError
	return errors.As(err, &input) || errors.As(err, &dup)
}

// announceDrain tells the user through p, on the first interrupt, that the
// import is waiting for its requests in flight; the returned func ends the watch.
func (c *cli) announceDrain(p *progress) func() {
	done := make(chan struct{})
	if c.drain == nil {
		return func() {}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-c.drain:
			p.message(fmt.Sprintf("interrupted: sending nothing new; waiting up to %v for the answers of the requests in flight (interrupt again to stop at once)", drainLimit))
		case <-done:
		}
	})
	return func() { close(done); wg.Wait() }
}
