// Package migrate moves payment tokens between 3dcart stores from Go code:
// it reads and writes token files (JSON Lines and CSV), exports a store,
// imports a file into a store exactly once, and diffs a file against a
// store. The paymenttokens command is a thin layer over it.
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
//	n, err := migrate.Export(ctx, src, f, migrate.ExportOptions{Format: migrate.JSONL})
//	err = f.Close()
//
//	customers, err := migrate.ReadIDMap("customers.csv") // source_id,target_id
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
// Files are read strictly, before any request: every defect
// is an *InputError naming the file, line and field. Text must be UTF-8
// (a spreadsheet's "CSV UTF-8"); a byte that is not is refused rather than
// replaced, since a key changed that way would never match and every run
// would create the token again. A line of JSON Lines, or a record of CSV
// (all its lines), may hold MaxRecordBytes, a CSV cell MaxCellBytes:
// reading stops there, so memory stays bounded whatever the file.
//
// JSON Lines: one token object per line, with the API's field names
// (PaymentTokenID, CustomerID, ...; exact case). Blank lines are skipped.
// An unknown or repeated field, a value of the wrong type, malformed JSON,
// an escape of half a UTF-16 surrogate pair (\ud800) or a string over 50
// characters is refused.
//
// CSV (RFC 4180): a header row of the API's field names in any order, with
// or without a BOM and spaces around the names; a subset is allowed (a
// missing column reads as the zero value, which the API treats as "none");
// an unknown or repeated name is an error, and so is a row with another
// number of cells. An empty cell is zero. Blank lines are skipped; a line
// number is the line a record starts on. A quoted value keeps every byte,
// a CR LF inside it included, so values round-trip exactly. LastUpdate is
// written as RFC 3339 and read in any form the API emits.
//
// CSV files are safe to open in a spreadsheet: a string cell that starts
// with = + - @, a tab, a carriage return, a line feed or a quote (') is
// written after one more quote, so that no cell is run as a formula:
//
//	value       cell
//	=1+2        '=1+2
//	-x          '-x
//	'x          ''x
//	x'          x'
//
// Reading removes one leading quote when the next character is one of
// those, so a file reads back as exactly the values it was written from;
// the 50-character limit applies after. Numbers are written as plain
// digits (a negative number is not a formula), and a quote in a number
// cell is an error.
//
// ID maps are CSV files with the header source_id,target_id, read by the
// same reader (the same caps and UTF-8 check; a BOM and spaces around the
// names and ids are fine). Import writes one for the tokens it migrated,
// and reads customer and order maps of the same form, so one migration's
// output feeds the next. The map Import writes starts with one more line,
// "# paymenttokens: token id map of an import into the store " and the
// store's digest, which ReadIDMap skips: Import replaces no id map but
// one of its own for the same store.
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
// Update), one whose key is not is created. Re-running an import therefore
// writes nothing new. See Import for the journal and its guarantees.
//
// Import and Diff compare a matched token in one way: every field but
// PaymentTokenID and LastUpdate, a field the file leaves empty (or has no
// column for) included, since the file says the token has none. What Diff
// calls differing is what Import without Update reports as differing
// (ImportResult.Differing) and with Update rewrites, so that after an import with
// Update, Diff finds the file and the store equal; a field the store keeps
// although the update cleared it fails its token (see ImportOptions.Update).
//
// Three options adapt an import to what a probe learned of the target:
// BulkCreate sends creates in arrays (only a store that takes arrays on
// POST accepts them; the guarantees stay the same), PageSize sets the
// listings' page, and PUTMerges fails, before sending them, the updates
// that would have to clear a field on a store whose PUT merges.
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
// duplicate keys), the journal (locked for the run, written for this store,
// this file and this key), the store (one import into it at a time on this
// machine for each user, whatever the journal: ErrStoreBusy; one lock per
// place the store is reached at, wrapper.Client.StorePlaces, so every
// spelling of its API's host is one store; the locks live in the user's
// own /tmp/paymenttokens-locks-UID whatever the environment says (on
// Windows, in the user's temporary folder), a folder or lock another user
// could have planted is refused, and a lock dies with its process; two
// users importing into one store are not seen by each other), the journal,
// id map and export paths (never a file that is not theirs, nor a token
// file whose import's journal still needs it: see ExportFile), and, right
// after the listing, a prune's size (at most ImportOptions.MaxDelete) and
// an export of an empty store over a file holding tokens.
package migrate
