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
}

// Import makes the target store hold the file's tokens, by key.
//
// Before any request it reads the whole file and refuses it (an
// *InputError or *DuplicateKeyError) when a line is malformed, or two
// tokens share a key or a PaymentTokenID. It then lists the target once
// (pages of PageSize) and indexes it by key: a file token whose key is there is
// matched (unchanged, or updated with Update), one whose key is not is
// created, and a key held by two target tokens fails for the file's token
// and writes nothing to either. With Prune the target tokens whose key is
// not in the file are deleted last, at most MaxDelete of them. A failed
// token never stops the others; when some failed, the error matches
// ErrSomeFailed and ImportResult.Failures lists each with its line, key and
// reason.
//
// Exactly once: with a Journal, the intent to create a key and the time it
// is sent are synced to the journal before the request, and the new id
// after it. A create whose outcome is unknown (errors.Is(err,
// wrapper.ErrOutcomeUnknown): a cut connection, a timeout, a gateway's 5xx)
// is never resent blind: it is parked while the other tokens go on, and
// once Settle has passed since it was sent, the target is listed again,
// completely, and the key looked up: there, it is matched; absent, it is
// sent again (at most 3 sends per key, each settled alike). Killed at any
// moment and run again with the same journal, Import waits out the same
// window for the creates the journal shows pending and its listing does
// not find, counted from its own start (the earlier run's clock is not
// trusted: see Settle), so a create the API applied late is matched, not
// sent again; when such late creates change the store while it is listed,
// so that the listing does not add up, it is listed again after that
// window rather than the run fail.
// The journal holds line numbers, key digests, times and ids, never token
// fields.
//
// The file must not change during the run. Import writes exactly the bytes
// it checked: the writing pass reads the descriptor the check read, and
// hands a chunk of the file (1 MiB) to the parser only once its SHA-256 is
// the one the check took, the file still has its checked size, and its path
// still names it. A file that grew, shrank, was replaced (even by one of the
// same size, time or bytes) or whose bytes differ stops the run, before any
// token read after the change is written, with an error matching
// ErrSourceChanged that names the file. The requests already in flight are
// let finish and their answers journaled, so that, run again on the file as
// it was checked, with the same journal, the import resumes where it stopped.
//
// One journal serves one import: one store, one file, one key. Before the
// file is checked and before any request, Import locks the journal for the
// run (another import on it gets ErrJournalBusy; the lock dies with its
// process) and checks it: written for another store, ErrJournalStore; for
// another version of the file or other key fields, ErrJournalMismatch,
// whose message says either that a new journal is safe (every create it
// recorded is settled) or which creates are not (their line in the old
// file, and in the file now) and how to settle them. A torn last record
// (a crash in the middle of an append) is dropped; any other unreadable
// record is ErrJournalDamaged. A dry run reads the journal, without lock
// or write, and refuses alike. A run that recorded nothing leaves the
// journal as it found it.
//
// The journal and the id map must not name the token file, a Protected
// file, each other, something other than a regular file, or an existing
// file that is not (respectively) a journal or an id map that Import wrote
// for an import into this store (a customer map typed as the id map is
// refused, as is another store's id map), and their folders must be
// writable: otherwise Import returns ErrPathRefused before any request,
// every file left as it was.
//
// The id map, written atomically at the end (also when some tokens failed),
// starts with a line that names it and the target store's digest
// ("# paymenttokens: token id map of an import into the store ...", which
// ReadIDMap skips), then has one row source_id,target_id for every file
// token with a PaymentTokenID that the target holds after the run:
// created, or matched by key (unchanged, updated, or whose update failed).
// A file token without a PaymentTokenID gets no row. The temporary files that killed runs left
// next to it are removed (a live run's are locked, and left alone).
//
// Every listing Import relies on must prove itself complete (see
// wrapper.Client.All); one that does not add up ends the run with an error
// matching wrapper.ErrIncompleteListing before anything is decided from it.
// The store must not be written by anything else during an import: a store
// that changes under the listing is reported, not guessed at.
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
	if err := im.prepare(ctx); err != nil {
		return nil, err
	}
	defer im.journal.close()
	defer im.storeLock.release()
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
