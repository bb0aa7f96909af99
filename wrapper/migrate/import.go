package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// ImportOptions choose what Import may do.
type ImportOptions struct {
	// Update rewrites target tokens whose fields differ from the file's:
	// the file's whole token with the target's PaymentTokenID, by bulk PUT
	// (UpdateMany with up to 500 tokens, sent in requests of the client's
	// WithBatchSize: set it to 500 for the fewest requests). Differ means
	// what Diff reports: every field but PaymentTokenID and LastUpdate is
	// compared, one that is empty in the file (or absent from it) too, so
	// that after an import with Update, Diff finds the two equal. Without
	// Update a differing token is left as it is, counted in
	// ImportResult.Differing and listed in ImportResult.Differences.
	//
	// An update that must clear a field (empty in the file, set in the
	// store) relies on the PUT replacing the token. The first such update
	// of a run is read back: when the store kept the field, its PUT merges
	// (see PUTMerges), and that token, and every later one that would clear
	// a field, fails with a Reason naming the fields, rather than being
	// reported updated by every run while Diff still finds it differing.
	Update bool
	// Prune deletes the target tokens whose key is not in the file. It is
	// refused for a file without tokens, which would empty the store, and
	// when it would delete more than MaxDelete tokens.
	Prune bool
	// MaxDelete is the most tokens Prune may delete; 0 means a tenth of the
	// target's tokens (rounded down). A prune over it is refused right after
	// the listing, before any write, with a *PruneLimitError (so is a dry run).
	MaxDelete int
	// DryRun sends no write and writes no file: the ImportResult is the plan.
	DryRun bool
	// Journal is the path of the journal ("" for none). Give the same path
	// again to resume an interrupted import. It is locked for the run: a
	// second import on it is refused (ErrJournalBusy) until the first
	// ends or dies. It serves one store, one file and one key: see Import.
	Journal string
	// IDMap is the path of the id map to write ("" for none).
	IDMap string
	// Protected lists files that Journal and IDMap must not name, such as
	// the customer and order maps the Source's maps were read from; the
	// token file is always protected.
	Protected []string
	// Concurrency is how many creates (and prune's deletes) may be in flight
	// at once (default 1, at most wrapper.MaxConcurrency); the client's pacing applies to all.
	Concurrency int
	// Settle is how long a create whose outcome is unknown (a 504, a cut
	// connection, a timeout) is given to land before the target is read to
	// decide it (0 means [wrapper.DefaultSettle]; at most [MaxSettle]). It is never sent
	// again before that read shows its key absent; meanwhile the other
	// tokens go on. Windows are measured by this process's monotonic clock
	// only: a rerun counts the creates its journal shows as pending (and
	// its listing did not find) as sent at its own start, whatever time the
	// interrupted run's clock wrote, so it waits at most one window for them
	// and never less. The rerun's own Settle applies, whatever the earlier
	// run used.
	Settle time.Duration
	// Drain, when closed, makes Import send nothing new, wait for the answers
	// of the requests in flight, record them, and return an error matching
	// ErrInterrupted. Cancelling ctx instead abandons the requests in flight
	// (the journal and the settle window still keep a rerun exact).
	Drain <-chan struct{}
	// BulkCreate is how many creates one request carries: 0 (the default)
	// POSTs one token per request, as the documented API takes; 1 to 500
	// POSTs arrays of up to that many (wrapper.CreateMany), which only a
	// store that takes arrays accepts: the vendor does not document it, so
	// set it only where a probe with writes proved it (on a store that
	// refuses arrays, every create fails, refused, and nothing is created).
	// Every exactly-once guarantee holds as for single creates: the intent
	// of every key of an array is synced to the journal (in one write)
	// before the array is sent; an array whose outcome is unknown parks all
	// its keys, which are settled after the settle window by reading the
	// target, key by key, and those the read finds absent are sent again,
	// in arrays too. A token the API refuses fails alone; the others of its
	// array are created. Up to Concurrency arrays are in flight at once.
	//
	// An answer's items carry ids, not tokens, so which token got which id
	// is never taken from their order: once the file has been streamed
	// (and any settle window has passed), the target is listed once more
	// and each array-created token is paired with its id by its key, the
	// new ids journaled then. An answer that cannot be paired so (its items
	// too few or too many, an id twice, ids the store does not hold the
	// keys under) leaves its tokens of unknown outcome: they are settled
	// as above, never sent again blind. That listing holds the target's
	// tokens in memory, as the first one does, and the tokens of the
	// answered arrays wait in memory for it.
	BulkCreate int
	// PageSize is the limit of every page of the target's listings (the
	// first, and those that settle creates): 1 to 500, or 0 for 500. A store
	// that serves fewer tokens a page than asked is read correctly either
	// way; setting its page cap (a probe measures it) lets pages fetched
	// ahead with the client's WithConcurrency be guessed right.
	PageSize int
	// PUTMerges says that the target's PUT merges: it keeps the stored value
	// of every field the body leaves empty (a probe with writes tells). On
	// such a store an empty field cannot be cleared by an update, so a
	// matched token whose file field is empty while the store's is not is
	// never written nor counted as updated: with Update it fails, else it
	// differs, each with a Reason naming the fields that cannot be cleared
	// (clear them another way, for instance in the store's admin). Other
	// differences are updated as usual. Without it, the first update that
	// clears a field finds out (see Update).
	PUTMerges bool
	// Samples is how many items of each action ImportResult.Samples keeps (default 10).
	Samples int
	// Progress, when not nil, receives progress.
	Progress ProgressFunc
	// Lease, when not nil, takes a lease on the store (given by its
	// wrapper.Client.StoreDigest) that every machine sees, such as
	// package rediscoord's, for one import into it at a time across
	// machines, on top of this machine's lock. It is taken before any
	// request; another holder refuses the run with an error that should
	// match ErrStoreBusy and name the holder. Held, each create is recorded
	// in it before it is sent (a create that cannot be is not sent, and the
	// run stops); the first listing waits until Settle has passed since the
	// last create an earlier holder recorded (a killed run's creates may
	// still land; at most Settle from this run's start), so exactly once
	// holds across machines without sharing the journal; and once the lease
	// is lost, the run sends nothing more and returns an error matching
	// ErrLeaseLost. It is released when Import returns. A dry run takes it
	// and releases it at once, to check that no import holds it.
	Lease func(ctx context.Context, store string) (StoreLease, error)
}

// Import makes the target store hold the file's tokens, by key: a file
// token whose key the target holds is matched (unchanged, or updated with
// [ImportOptions].Update), one whose key it lacks is created, and with
// Prune the target tokens whose key is not in the file are deleted last.
// Every defect of the file ([tokenfile.InputError]), of the journal
// ([ErrJournalBusy], [ErrJournalStore], [ErrJournalMismatch],
// [ErrJournalDamaged]), of the store lock ([ErrStoreBusy]) or of the
// output paths ([ErrPathRefused]) is refused before any request. A failed
// token never stops the others: the error then matches [ErrSomeFailed] and
// [ImportResult].Failures lists each. With a Journal, each token is
// written exactly once across runs, however a run ends; a file that
// changes during the run stops it with [ErrSourceChanged]. The package's
// sections Import, Journal and id map, When the API misbehaves and When
// the operator errs give the rules.
func Import(ctx context.Context, c *wrapper.Client, src Source, opts ImportOptions) (*ImportResult, error) {
	if err := checkArgs(c, src); err != nil {
		return nil, err
	}
	if opts.Concurrency < 0 || opts.Concurrency > wrapper.MaxConcurrency {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.Concurrency %d is out of range: want 1 to %d, or 0 for 1", opts.Concurrency, wrapper.MaxConcurrency)
	}
	if opts.MaxDelete < 0 {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.MaxDelete %d is negative: want 0 (for a tenth of the target's tokens) or more", opts.MaxDelete)
	}
	if opts.Samples < 0 {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.Samples %d is negative: want 0 (for 10) or more", opts.Samples)
	}
	if opts.BulkCreate < 0 || opts.BulkCreate > wrapper.MaxLimit {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.BulkCreate %d is out of range: want 1 to %d creates per request, or 0 for one token per request", opts.BulkCreate, wrapper.MaxLimit)
	}
	if opts.PageSize < 0 || opts.PageSize > wrapper.MaxLimit {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.PageSize %d is out of range: want 1 to %d, or 0 for %d", opts.PageSize, wrapper.MaxLimit, wrapper.MaxLimit)
	}
	if opts.PageSize == 0 {
		opts.PageSize = wrapper.MaxLimit
	}
	if opts.Settle < 0 || opts.Settle > MaxSettle {
		return nil, fmt.Errorf("paymenttokens: ImportOptions.Settle %v is out of range: want up to %v (the longest a create is given to land), or 0 for %v", opts.Settle, MaxSettle, wrapper.DefaultSettle)
	}
	if opts.Settle == 0 {
		opts.Settle = wrapper.DefaultSettle
	}
	opts.Concurrency = max(opts.Concurrency, 1)
	if opts.Samples == 0 {
		opts.Samples = 10
	}
	im := &importer{c: c, src: src, opts: opts, tr: newTracker(opts.Progress), merges: opts.PUTMerges, mergesKnown: opts.PUTMerges, started: time.Now(),
		res: &ImportResult{DryRun: opts.DryRun, Samples: map[Action][]Item{}}}
	im.tr.eta = im.eta
	if err := im.prepare(ctx); err != nil {
		return nil, err
	}
	defer im.journal.close()
	defer im.storeLock.release()
	defer im.releaseLease()
	return im.run(ctx)
}

// checkArgs rejects a missing client or file name.
func checkArgs(c *wrapper.Client, src Source) error {
	if err := checkClient(c); err != nil {
		return err
	}
	if src.Path == "" {
		return errors.New("paymenttokens: Source.Path is empty; give the token file to read")
	}
	return nil
}

// checkClient rejects a nil client.
func checkClient(c *wrapper.Client) error {
	if c == nil {
		return errors.New("paymenttokens: the *wrapper.Client is nil; create one with wrapper.New")
	}
	return nil
}
