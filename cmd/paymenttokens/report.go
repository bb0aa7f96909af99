package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// printImport writes an import's outcome for a person: the counts, the
// failures, in a dry run samples of the plan, and the files written.
func printImport(w io.Writer, file string, res *migrate.Result, o importFlags) {
	verb := map[migrate.Action]string{
		migrate.ActionCreate: "created", migrate.ActionUpdate: "updated", migrate.ActionDelete: "deleted", migrate.ActionFail: "failed",
	}
	if res.DryRun {
		fmt.Fprintln(w, "dry run: nothing was written; this is the plan")
		verb = map[migrate.Action]string{
			migrate.ActionCreate: "would create", migrate.ActionUpdate: "would update", migrate.ActionDelete: "would delete", migrate.ActionFail: "would fail",
		}
		counts := map[migrate.Action]int{migrate.ActionCreate: res.Created, migrate.ActionUpdate: res.Updated, migrate.ActionDelete: res.Deleted}
		for _, a := range []migrate.Action{migrate.ActionCreate, migrate.ActionUpdate, migrate.ActionDelete} {
			for _, it := range res.Samples[a] {
				fmt.Fprintf(w, "%-14s %s\n", verb[a], itemLine(it))
			}
			if more := counts[a] - len(res.Samples[a]); more > 0 {
				fmt.Fprintf(w, "%-14s ... and %d more\n", verb[a], more)
			}
		}
	}
	for _, it := range res.Differences {
		fmt.Fprintf(w, "%-14s %s\n", "differs", itemLine(it))
	}
	for _, it := range res.Failures {
		fmt.Fprintf(w, "%-14s %s\n", verb[migrate.ActionFail], itemLine(it))
	}
	fmt.Fprintf(w, "import %s: %d tokens: %s %d, %s %d, unchanged %d, differing %d, %s %d, %s %d in %s\n", file, res.Tokens,
		verb[migrate.ActionCreate], res.Created, verb[migrate.ActionUpdate], res.Updated, res.Unchanged, res.Differing,
		verb[migrate.ActionDelete], res.Deleted, verb[migrate.ActionFail], res.Failed, res.Elapsed.Round(100*time.Millisecond))
	if res.Differing > 0 && !o.update {
		fmt.Fprintln(w, "differing tokens were left as they are: run again with --update to rewrite them from the file")
	}
	if res.Reconciled > 0 {
		fmt.Fprintf(w, "%d creates of unknown outcome were looked up in the store before going on\n", res.Reconciled)
	}
	if !res.DryRun {
		fmt.Fprintf(w, "id map: %s\n", o.mapOut)
	}
}

// importCounts is the last line of import --json.
type importCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Differing int `json:"differing"`
	Deleted   int `json:"deleted"`
	Failed    int `json:"failed"`
}

// failureJSON is one failed token in import --json.
type failureJSON struct {
	Line     int    `json:"line"`
	Key      string `json:"key"`
	SourceID int32  `json:"source_id,omitempty"`
	Reason   string `json:"reason"`
}

// printImportJSON writes one JSON object per failed token, then the counts.
func printImportJSON(w io.Writer, res *migrate.Result) {
	enc := json.NewEncoder(w)
	for _, it := range res.Failures {
		_ = enc.Encode(failureJSON{Line: it.Line, Key: it.Key, SourceID: it.SourceID, Reason: it.Reason})
	}
	for _, it := range res.Differences {
		_ = enc.Encode(failureJSON{Line: it.Line, Key: it.Key, SourceID: it.SourceID, Reason: "differs: " + changesText(it.Changes)})
	}
	_ = enc.Encode(importCounts{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged, Differing: res.Differing, Deleted: res.Deleted, Failed: res.Failed})
}

// itemLine renders one token's outcome: its line, ids, key, and the changed
// fields or the reason, escaped for the terminal (the values come from the
// file, the store and the API's messages).
func itemLine(it migrate.Item) string {
	var parts []string
	if it.Line > 0 {
		parts = append(parts, fmt.Sprintf("line %d", it.Line))
	}
	if it.TargetID > 0 {
		parts = append(parts, fmt.Sprintf("#%d", it.TargetID))
	}
	s := strings.Join(append(parts, it.Key), " ")
	var details []string
	if len(it.Changes) > 0 {
		details = append(details, changesText(it.Changes))
	}
	if it.Reason != "" {
		details = append(details, it.Reason)
	}
	if len(details) > 0 {
		s += ": " + strings.Join(details, "; ")
	}
	return terminalSafe(s)
}

// terminalSafe escapes, Go style (\n, \x1b, \u202e), every character that
// could move the cursor, recolor, retitle or reorder what a terminal shows:
// C0 and C1 controls, DEL, line and paragraph separators, bidirectional
// controls, and bytes that are not UTF-8. Other text is returned unchanged.
func terminalSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeForTerminal) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeForTerminal(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeForTerminal(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// changesText renders the differing fields of a token.
func changesText(changes []migrate.FieldDiff) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = fmt.Sprintf("%s file %s, store %s", c.Field, orNone(c.File), orNone(c.Store))
	}
	return strings.Join(parts, "; ")
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
