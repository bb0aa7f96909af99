// Package tokenfile reads and writes the token files of the paymenttokens
// module: JSON Lines and CSV files of payment tokens, with the API's field
// names, and the CSV id maps that map one store's ids to another's.
// Package migrate exports, imports and diffs them; the paymenttokens
// command reads and writes them through it.
//
//	f, err := os.Open("tokens.jsonl")
//	r, err := tokenfile.NewReader(f, tokenfile.JSONL, "tokens.jsonl")
//	for {
//		rec, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // an *InputError: file, line, field, and how to fix it
//		}
//		use(rec.Token)
//	}
//
// A token is identified across stores by a natural [Key], by default
// ([DefaultKey]) GatewayID, CustomerProfileID and PaymentProfileID.
//
// # Files
//
// Files are read strictly, before any request: every defect
// is an *[InputError] naming the file, line and field. Text must be UTF-8
// (a spreadsheet's "CSV UTF-8"); a byte that is not is refused rather than
// replaced, since a key changed that way would never match and every run
// would create the token again. A line of JSON Lines, or a record of CSV
// (all its lines), may hold [MaxRecordBytes], a CSV cell [MaxCellBytes]:
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
// names and ids are fine). An import (package migrate) writes one for the
// tokens it migrated, and reads customer and order maps of the same form,
// so one migration's output feeds the next. The map an import writes
// starts with one more line ([IDMapMark]), "# paymenttokens: token id map
// of an import into the store " and the store's digest, which [ReadIDMap]
// skips: an import replaces no id map but one of its own for the same
// store ([IsIDMap]).
package tokenfile
