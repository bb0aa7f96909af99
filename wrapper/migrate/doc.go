// Package migrate moves payment tokens between 3dcart stores from Go code:
// it exports a store to a token file ([tokenfile]), imports a file into a
// store exactly once, and diffs a file against a store. The paymenttokens command is a thin layer over it.
//
// A token is identified across stores by a natural key, by default
// GatewayID, CustomerProfileID and PaymentProfileID: the gateway's own
// identity of the saved card, which survives a migration while the store's
// PaymentTokenID does not.
//
//	src, err := wrapper.New(sourceCreds)
//	dst, err := wrapper.New(targetCreds)
//
//	f, err := os.Create("tokens.jsonl")
//	n, err := migrate.Export(ctx, src, f, migrate.ExportOptions{Format: tokenfile.JSONL})
//	err = f.Close()
//
//	customers, err := tokenfile.ReadIDMap("customers.csv") // source_id,target_id
//	res, err := migrate.Import(ctx, dst, migrate.Source{
//		Path:        "tokens.jsonl",
//		CustomerMap: customers,
//	}, migrate.ImportOptions{
//		Journal:     "tokens.journal", // run again with the same journal after a crash
//		IDMap:       "token-ids.csv",  // source_id,target_id for every token now in dst
//		Concurrency: 4,
//		Progress:    func(p migrate.Progress) { log.Printf("%d/%d ETA %v", p.Done, p.Total, p.ETA) },
//	})
//	if errors.Is(err, migrate.ErrSomeFailed) {
//		for _, f := range res.Failures {
//			log.Printf("line %d %s: %s", f.Line, f.Key, f.Reason)
//		}
//	}
//
// # Files
//
// Token files (JSON Lines and CSV) and id maps are read and written by
// package [github.com/shift4shop-go/paymenttokens/wrapper/tokenfile], whose
// documentation says what a file may hold; a defect is a
// [tokenfile.InputError] naming the file, line and field, found before any
// request. The check goes on past a defect of one line, so that a file
// with more than one is refused with a [*tokenfile.Defects] listing them
// (up to [tokenfile.MaxDefects], and how many more): errors.As finds the
// first *InputError in it.
//
// # Import
//
// Import reads the file twice and never holds its tokens: the first pass
// checks every line and keeps one small record per key (its line) to refuse
// duplicate keys and to know which store tokens a prune removes; the second
// pass writes. It writes exactly what the first pass checked: it reads the
// same open file again and verifies each 1 MiB chunk against the digest the
// first pass took (32 bytes a chunk: 32 KiB for a 1 GB file) before any
// token in it is written. A file that changes during the run (it grows,
// shrinks, is replaced, or its bytes differ) stops it with ErrSourceChanged
// before any token read after the change is written. Between the passes
// the target is listed once and indexed by key:
// a token whose key is there is matched (unchanged, or updated with
// Update), one whose key is not is created, and a key held by two target
// tokens fails for the file's token and writes nothing to either. With
// Prune the target tokens whose key is not in the file are deleted last,
// at most ImportOptions.MaxDelete of them. Re-running an import therefore
// writes nothing new. See Import for the journal and its guarantees.
//
// Import and Diff compare a matched token in one way: every field but
// PaymentTokenID and LastUpdate, a field the file leaves empty (or has no
// column for) included, since the file says the token has none. What Diff
// calls differing is what Import without Update reports as differing
// ([ImportResult].Differing) and with Update rewrites, so that after an import with
// Update, Diff finds the file and the store equal; a field the store keeps
// although the update cleared it fails its token (see ImportOptions.Update).
//
// Three options adapt an import to what a probe learned of the target:
// BulkCreate sends creates in arrays (only a store that takes arrays on
// POST accepts them; the guarantees stay the same), PageSize sets the
// listings' page, and PUTMerges fails, before sending them, the updates
// that would have to clear a field on a store whose PUT merges.
//
// # Journal and id map
//
// Exactly once: with a Journal, the intent to create a key and the time it
// is sent are synced to the journal before the request, and the new id
// after it. A create whose outcome is unknown (errors.Is(err,
// [wrapper.ErrOutcomeUnknown]): a cut connection, a timeout, a gateway's
// 5xx) is never resent blind: it is parked while the other tokens go on,
// and once ImportOptions.Settle has passed since it was sent, the target is
// listed again, completely, and the key looked up: there, it is matched;
// absent, it is sent again (at most 3 sends per key, each settled alike).
// Killed at any moment and run again with the same journal, Import waits
// out the same window for the creates the journal shows pending and its
// listing does not find, counted from its own start (the earlier run's
// clock is not trusted), so a create the API applied late is matched, not
// sent again; when such late creates change the store while it is listed,
// so that the listing does not add up, it is listed again after that
// window rather than the run fail. The journal holds line numbers, key
// digests, times and ids, never token fields.
//
// The file must not change during the run. Import writes exactly the bytes
// it checked: the writing pass reads the descriptor the check read, and
// hands a chunk of the file (1 MiB) to the parser only once its SHA-256 is
// the one the check took, the file still has its checked size, and its path
// still names it. A file that grew, shrank, was replaced (even by one of the
// same size, time or bytes) or whose bytes differ stops the run, before any
// token read after the change is written, with an error matching
// [ErrSourceChanged] that names the file. The requests already in flight
// are let finish and their answers journaled, so that, run again on the
// file as it was checked, with the same journal, the import resumes where
// it stopped.
//
// One journal serves one import: one store, one file, one key. Before the
// file is checked and before any request, Import locks the journal for the
// run (another import on it gets [ErrJournalBusy]; the lock dies with its
// process) and checks it: written for another store, [ErrJournalStore];
// for another version of the file or other key fields,
// [ErrJournalMismatch], whose message says either that a new journal is
// safe (every create it recorded is settled) or which creates are not
// (their line in the old file, and in the file now) and how to settle
// them. A torn last record (a crash in the middle of an append) is
// dropped; any other unreadable record is [ErrJournalDamaged]. A dry run
// reads the journal, without lock or write, and refuses alike. A run that
// recorded nothing leaves the journal as it found it.
//
// The journal and the id map must not name the token file, a Protected
// file, each other, something other than a regular file, or an existing
// file that is not (respectively) a journal or an id map that Import wrote
// for an import into this store (a customer map typed as the id map is
// refused, as is another store's id map), and their folders must be
// writable: otherwise Import returns [ErrPathRefused] before any request,
// every file left as it was.
//
// The id map, written atomically at the end (also when some tokens
// failed), starts with a line that names it and the target store's digest
// ([tokenfile.IDMapMark], which [tokenfile.ReadIDMap] skips), then has one
// row source_id,target_id for every file token with a PaymentTokenID that
// the target holds after the run: created, or matched by key (unchanged,
// updated, or whose update failed). A file token without a PaymentTokenID
// gets no row. The temporary files that killed runs left next to it are
// removed (a live run's are locked, and left alone).
//
// Every listing Import relies on must prove itself complete (see
// [wrapper.Client.All]); one that does not add up ends the run with an
// error matching [wrapper.ErrIncompleteListing] before anything is decided
// from it. The store must not be written by anything else during an
// import: a store that changes under the listing is reported, not guessed
// at.
//
// # When the API misbehaves
//
// Export, the import's listing and Diff trust a listing only when it adds
// up (wrapper.Client.All): a store that serves short pages, answers its
// "nothing found" 404 in the middle of a walk or shifts a page is walked
// again, and when no walk adds up the job fails rather than write an
// incomplete file, create duplicates or call two stores equal. A create
// answered 504 (or cut, or timed out) is settled by reading the store after
// ImportOptions.Settle (measured by the running process's own clock, never
// by a time an earlier run wrote), never by sending it again at once; a
// token created in an array is paired with its id by its key, read from the
// store, never by its place in the answer. After 3
// consecutive requests could not reach the API (wrapper.ErrUnreachable) or
// got no answer within the client's timeout (wrapper.ErrNoAnswer: 2 minutes
// by default, above the 110 s after which ASP.NET, which serves the API,
// gives up itself), Import sends nothing more and returns: run it again
// once the API is back. Export and Diff stop at the first such read.
// Closing ImportOptions.Drain (the command does on the first Ctrl-C) stops
// new requests and records the answers of those in flight.
//
// # When the operator errs
//
// Everything that can be checked is checked before the first request: the
// file's bytes (UTF-8, caps on line and cell sizes, repeated JSON fields,
// duplicate keys), the journal (locked for the run, [ErrJournalBusy]; written for this store,
// this file and this key), the store (one import into it at a time on this
// machine for each user, whatever the journal: [ErrStoreBusy]; one lock per
// place the store is reached at, wrapper.Client.StorePlaces, so every
// spelling of its API's host is one store; the locks live in the user's
// own /tmp/paymenttokens-locks-UID whatever the environment says (on
// Windows, in the user's temporary folder), a folder or lock another user
// could have planted is refused, and a lock dies with its process; two
// users importing into one store are not seen by each other; with
// ImportOptions.Lease, one import at a time across machines and users), the journal,
// id map and export paths (never a file that is not theirs, nor a token
// file whose import's journal still needs it: see ExportFile), and, right
// after the listing, a prune's size (at most ImportOptions.MaxDelete) and
// an export of an empty store over a file holding tokens.
package migrate
