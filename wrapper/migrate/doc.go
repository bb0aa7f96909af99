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
// JSON Lines: one token object per line, with the API's field names
// (PaymentTokenID, CustomerID, ...; exact case). Blank lines are skipped.
// An unknown field, a value of the wrong type, malformed JSON or a string
// over 50 characters is an *InputError naming the file, line and field.
//
// CSV: a header row of the API's field names in any order; a subset is
// allowed (a missing column reads as the zero value, which the API treats as
// "none"); an unknown or repeated name is an error. An empty cell is zero.
// LastUpdate is written as RFC 3339 and read in any form the API emits.
//
// ID maps are CSV files with the header source_id,target_id. Import writes
// one for the tokens it migrated, and reads customer and order maps of the
// same form, so one migration's output feeds the next.
//
// # Import
//
// Import reads the file twice and never holds its tokens: the first pass
// checks every line and keeps one small record per key (its line) to refuse
// duplicate keys and to know which store tokens a prune removes; the second
// pass writes. Between them the target is listed once and indexed by key:
// a token whose key is there is matched (unchanged, or updated with
// Update), one whose key is not is created. Re-running an import therefore
// writes nothing new. See Import for the journal and its guarantees.
package migrate
