package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// importAbout is what import's help says it does.
const importAbout = "Makes the store hold the tokens of FILE, matched by key: a token whose key the store lacks is created, one\n" +
	"it holds is left alone (or rewritten with --update), and with --prune the store's tokens whose key is not\n" +
	"in FILE are deleted. A token is compared as diff compares it (a field FILE leaves empty included): those\n" +
	"that differ are listed and exit 1 without --update, and rewritten with it, after which diff exits 0.\n" +
	"The file is checked whole before any request. Killed or failed, run the same command again: the\n" +
	"journal makes sure no token is created twice. The id map lists source_id,target_id for every token of\n" +
	"FILE with a PaymentTokenID. A FILE with no token is nothing to do (said on stderr), except with --prune,\n" +
	"which refuses it.\n\n" +
	"The journal serves one import: one store, one FILE, one --key. It is locked while the import runs (a\n" +
	"second import on it is refused; the lock dies with its process). Edited FILE since? The import says\n" +
	"whether a new journal is safe (every create it recorded is settled) or which creates to settle first.\n" +
	"--journal and --map-out may not name FILE, a map the import reads, each other, or an existing file that\n" +
	"is not a journal (an id map an import into this store wrote): such a run is refused before any request\n" +
	"and leaves every file as it was.\n" +
	"--prune deletes at most a tenth of the store's tokens unless --max-delete says otherwise; --dry-run checks\n" +
	"the journal and the prune limit as the real run would, and writes nothing."

// importOptions are what import is asked to do.
type importOptions struct {
	store                  storeFlags
	source                 sourceFlags
	probe                  probeFlags
	file                   string         // FILE
	tokens                 migrate.Source // FILE, as the source flags read it
	journal, mapOut        string
	update, prune, dryRun  bool
	concurrency, maxDelete int
	settle                 time.Duration
	lease                  time.Duration // --redis-lease
}

// parseImport reads import's flags and checks them and FILE, before any
// request; it fills in the default journal and id map paths.
func parseImport(c *cli, args []string) (*importOptions, error) {
	o := &importOptions{}
	fs := c.newStoreFlags("import", "FILE", importAbout, &o.store)
	o.register(fs)
	var err error
	if o.file, o.tokens, err = c.parseFile(fs, args, &o.source); err != nil {
		return nil, err
	}
	if err := o.check(c, fs); err != nil {
		return nil, err
	}
	if o.journal == "" {
		o.journal = migrate.DefaultJournal(o.file) // where export looks for an import depending on the file
	}
	if o.mapOut == "" {
		o.mapOut = o.file + ".idmap.csv"
	}
	return o, nil
}

// register defines import's flags beyond the store's.
func (o *importOptions) register(fs *flag.FlagSet) {
	o.source.register(fs)
	fs.StringVar(&o.journal, "journal", "", "the journal `FILE` that makes a rerun resume (default FILE.journal)")
	fs.StringVar(&o.mapOut, "map-out", "", "write the id map source_id,target_id to `FILE` (default FILE.idmap.csv)")
	fs.BoolVar(&o.update, "update", false, "rewrite the store's tokens whose fields differ from the file's (what diff reports as differing)")
	fs.BoolVar(&o.prune, "prune", false, "delete the store's tokens whose key is not in the file")
	fs.IntVar(&o.maxDelete, "max-delete", 0, "with --prune: refuse, before any write, to delete more than `N` tokens (default a tenth of the store's)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "send no write and write no file: print what would be done")
	fs.IntVar(&o.concurrency, "concurrency", 4, "creates in flight at once (`N`, 1 to 64); the rate applies to all of them")
	fs.DurationVar(&o.settle, "settle", wrapper.DefaultSettle, "how long a create of unknown outcome (a 504, a cut connection) is given to land before\n"+
		"the store is read to decide it; it is never sent again before\n(a Go `DURATION`: 90s, 2m; at most 1h)")
	fs.StringVar(&o.probe.report, "probe", "", "adapt to what the probe report `FILE` (probe --out) found on this store: its page cap,\n"+
		"whether PUT merges; refused when it is of another store")
	registerLease(fs, &o.lease)
	fs.IntVar(&o.probe.bulkCreate, "bulk-create", 0, "create up to `N` tokens per request (1 to 500), only where the --probe report shows\n"+
		"that the store's POST takes an array")
}

// check refuses flags out of range, and warns of a --settle shorter than
// the backend's timeout.
func (o *importOptions) check(c *cli, fs *flag.FlagSet) error {
	if o.concurrency < 1 || o.concurrency > wrapper.MaxConcurrency {
		return usagef("--concurrency %d: want 1 to %d", o.concurrency, wrapper.MaxConcurrency)
	}
	if o.settle <= 0 || o.settle > migrate.MaxSettle {
		return usagef("--settle %s: want a duration above 0 and at most %s, such as 2m (the default) or 90s", durationText(o.settle), durationText(migrate.MaxSettle))
	}
	if o.settle < wrapper.BackendTimeout { // a warning that protects data: said even with --quiet
		c.io.noteLine(fmt.Sprintf("import: --settle %s is shorter than the %s a request may run in the API's backend: a create that lands later than %s after it was sent is created again", durationText(o.settle), durationText(wrapper.BackendTimeout), durationText(o.settle)))
	}
	if err := o.checkMaxDelete(fs); err != nil {
		return err
	}
	if err := c.checkLease(fs, o.store, o.lease); err != nil {
		return err
	}
	return o.probe.checkBulkCreate()
}

// migrateOptions are the options of migrate.Import that o sets.
func (o *importOptions) migrateOptions(c *cli) migrate.ImportOptions {
	return migrate.ImportOptions{
		Update: o.update, Prune: o.prune, DryRun: o.dryRun,
		Journal: o.journal, IDMap: o.mapOut, Concurrency: o.concurrency,
		MaxDelete: o.maxDelete, Protected: append(o.source.maps(), o.probe.paths()...),
		Settle: o.settle, Drain: c.drain, Lease: c.importLease(o.lease),
	}
}

// importRun makes the store hold the file's tokens, adapting to the --probe
// report, showing progress, and reports what was done.
func importRun(c *cli, o *importOptions) error {
	client, err := c.client(o.store)
	if err != nil {
		return err
	}
	opts := o.migrateOptions(c)
	adapted, err := o.probe.adapt(client, &opts)
	if err != nil {
		return err
	}
	if !c.flags.quiet {
		for _, line := range adapted {
			c.io.noteLine(line)
		}
	}
	label := "import"
	if o.dryRun {
		label = "import (dry run)"
	}
	p := c.newProgress(label, client)
	p.planned = o.dryRun
	defer c.announceDrain(p)()
	opts.Progress = p.update
	res, err := migrate.Import(c.ctx, client, o.tokens, opts)
	p.finish(err)
	return c.importDone(o, res, err)
}

// importDone reports what an import that returned res and err did, and
// turns err into the command's error, with what to do next.
func (c *cli) importDone(o *importOptions, res *migrate.ImportResult, err error) error {
	if res != nil && (err == nil || errors.Is(err, migrate.ErrSomeFailed)) {
		if res.Tokens == 0 && !c.flags.quiet {
			c.io.noteLine("import: the file holds no tokens: nothing to do")
		}
		c.report(newImportSummary(o.file, res, o))
	}
	err = importError(err, res, o)
	c.doc.next = importNext(err, res, o)
	return err
}

// importError turns Import's error into the command's: input defects are
// usage errors (nothing was sent); anything else says how to go on.
func importError(err error, res *migrate.ImportResult, o *importOptions) error {
	var limit *migrate.PruneLimitError
	switch {
	case err == nil && res.Differing > 0:
		return failedf("%d of %d tokens are in the store with other values (listed on stdout); run again with --update to rewrite them", res.Differing, res.Tokens)
	case err == nil:
		return nil
	case errors.Is(err, migrate.ErrSomeFailed) && o.dryRun:
		return failedf("%d of %d tokens would fail (listed on stdout); fix them before the import", res.Failed, res.Tokens)
	case errors.Is(err, migrate.ErrSomeFailed) && res.ArraysRefused:
		return failedf("%d of %d tokens failed (listed on stdout): the store refused every create sent in an array and created none, so it may not take arrays on POST, whatever the --probe report says; the same command would fail the same way: %s",
			res.Failed, res.Tokens, arraysRefusedNext(o))
	case errors.Is(err, migrate.ErrSomeFailed):
		return failedf("%d of %d tokens failed (listed on stdout); fix them and run the same command again", res.Failed, res.Tokens)
	case errors.Is(err, migrate.ErrSourceChanged):
		return err // it says what to do; never a usage error, whatever it wraps
	case isInputDefect(err):
		return &usageError{msg: err.Error(), err: err}
	case errors.Is(err, migrate.ErrJournalMismatch), errors.Is(err, migrate.ErrJournalStore),
		errors.Is(err, migrate.ErrJournalBusy), errors.Is(err, migrate.ErrJournalDamaged):
		return usageFrom("--journal "+o.journal, err)
	case errors.Is(err, migrate.ErrPathRefused), errors.Is(err, migrate.ErrStoreBusy):
		return usageFrom("", err)
	case errors.As(err, &limit):
		return pruneLimitError(limit, o)
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

// importNext says what to do after an import that ended with err (as
// importError made it): the hint of the --json document.
func importNext(err error, res *migrate.ImportResult, o *importOptions) string {
	var failed *failedError
	var interrupted *interruptedError
	var usage *usageError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &failed) && res.Failed == 0:
		return "run again with --update to rewrite the differing tokens from the file"
	case errors.As(err, &failed) && o.dryRun:
		return "fix the failing tokens before the import"
	case errors.As(err, &failed) && res.ArraysRefused:
		return arraysRefusedNext(o)
	case errors.As(err, &failed):
		return "fix the failed tokens and run the same command again"
	case errors.As(err, &interrupted):
		return "run the same command again to resume from the journal " + o.journal
	case errors.Is(err, migrate.ErrSourceChanged):
		return "put the token file back as it was when the import began and run the same command again: the journal " + o.journal + " resumes it"
	case errors.As(err, &usage), o.dryRun, errors.Is(err, wrapper.ErrUnauthorized):
		return ""
	}
	return "once the cause is fixed, run the same command again: the journal " + o.journal + " keeps what was done"
}

// arraysRefusedNext is what to do after an import whose every array create
// was refused: without arrays, or with a report that says what the store
// does now.
func arraysRefusedNext(o *importOptions) string {
	return "run it again without --bulk-create (one token per request, which also names any token at fault), " +
		"or probe the store again (paymenttokens probe --write --out FILE" + o.store.args() + ") and give the new report to --probe"
}

// checkMaxDelete refuses a --max-delete without --prune, or below 1 (to
// delete nothing, leave out --prune).
func (o *importOptions) checkMaxDelete(fs *flag.FlagSet) error {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "max-delete" })
	switch {
	case !set:
		return nil
	case !o.prune:
		return usagef("--max-delete bounds --prune: add --prune, or leave --max-delete out")
	case o.maxDelete < 1:
		return usagef("--max-delete %d: want 1 or more (to delete nothing, leave out --prune)", o.maxDelete)
	}
	return nil
}

// pruneLimitError says how many tokens the prune would delete and how to
// allow it.
func pruneLimitError(e *migrate.PruneLimitError, o *importOptions) error {
	limit := "a tenth of them; --max-delete N sets another limit"
	if o.maxDelete > 0 {
		limit = fmt.Sprintf("the --max-delete %d", o.maxDelete)
	}
	verb := "refused"
	if o.dryRun {
		verb = "would be refused"
	}
	return usagef("--prune: the import %s before any write: it would delete %d of the store's %d tokens, more than %s. Check that the file is complete (every token missing from it is deleted from the store); if these deletes are meant, run again with --max-delete %d",
		verb, e.Deletes, e.Tokens, limit, e.Deletes)
}

// isInputDefect reports whether err is a defect of the file, found before any request.
func isInputDefect(err error) bool {
	var input *tokenfile.InputError
	return errors.As(err, &input)
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
			p.message(fmt.Sprintf("interrupted: sending nothing new; waiting up to %s for the answers of the requests in flight (interrupt again to stop at once)", durationText(drainLimit)))
		case <-done:
		}
	})
	return func() { close(done); wg.Wait() }
}
