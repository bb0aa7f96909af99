package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// importSummary is import's result (with --dry-run, its plan).
type importSummary struct {
	// File is the token file imported.
	File string `json:"file"`
	// DryRun is true when nothing was written: the counts are the plan.
	DryRun bool `json:"dry_run"`
	// Tokens is the number of tokens in the file.
	Tokens int `json:"tokens"`
	importCounts
	// Reconciled counts the creates of unknown outcome that were looked up
	// in the store (each is also counted under what happened to it).
	Reconciled int `json:"reconciled"`
	// ElapsedSeconds is how long the import took.
	ElapsedSeconds float64 `json:"elapsed_seconds"`
	// Journal is the journal that makes a rerun resume.
	Journal string `json:"journal"`
	// IDMap is the id map written (source_id,target_id); absent in a dry run.
	IDMap string `json:"id_map,omitempty"`
	// Failures are the tokens that failed (in a dry run: would fail).
	Failures []itemJSON `json:"failures"`
	// Differences are the tokens held by the store with other values, left
	// as they are (without --update).
	Differences []itemJSON `json:"differences"`
	// Requests, in a dry run, is how many requests the import would send.
	Requests int `json:"requests,omitempty"`
	// EstimateSeconds, in a dry run, is the least time the pacing takes to
	// let those requests go (0 without pacing).
	EstimateSeconds float64 `json:"estimate_seconds,omitempty"`

	res *migrate.ImportResult
	o   *importOptions
}

// importCounts are the outcome counts of an import.
type importCounts struct {
	// Created counts the tokens created.
	Created int `json:"created"`
	// Updated counts the tokens rewritten (--update).
	Updated int `json:"updated"`
	// Unchanged counts the tokens the store already held as the file has them.
	Unchanged int `json:"unchanged"`
	// Differing counts the tokens the store holds with other values, left as they are.
	Differing int `json:"differing"`
	// Deleted counts the store's tokens deleted (--prune).
	Deleted int `json:"deleted"`
	// Failed counts the tokens that failed.
	Failed int `json:"failed"`
}

// itemJSON is one token in a --json summary.
type itemJSON struct {
	// Line is the token's line in the file; absent for a store token absent from the file.
	Line int `json:"line,omitempty"`
	// Key is the token's key, as FIELD=value pairs.
	Key string `json:"key"`
	// SourceID is the file token's PaymentTokenID, when it has one.
	SourceID int32 `json:"source_id,omitempty"`
	// TargetID is the store token's PaymentTokenID, when there is one.
	TargetID int32 `json:"target_id,omitempty"`
	// Changes are the differing fields.
	Changes []changeJSON `json:"changes,omitempty"`
	// Reason says why the token failed, or which store tokens share its key.
	Reason string `json:"reason,omitempty"`
}

// changeJSON is one differing field: its name and its two values as text.
type changeJSON struct {
	// Field is the API's field name.
	Field string `json:"field"`
	// File is the value in the file.
	File string `json:"file"`
	// Store is the value in the store.
	Store string `json:"store"`
}

// itemsJSON converts items for a --json summary; never nil, so that an
// empty list is [] rather than null.
func itemsJSON(items []migrate.Item) []itemJSON {
	out := make([]itemJSON, 0, len(items))
	for _, it := range items {
		j := itemJSON{Line: it.Line, Key: it.Key, SourceID: it.SourceID, TargetID: it.TargetID, Reason: it.Reason}
		for _, ch := range it.Changes {
			j.Changes = append(j.Changes, changeJSON(ch))
		}
		out = append(out, j)
	}
	return out
}

func newImportSummary(file string, res *migrate.ImportResult, o *importOptions) importSummary {
	s := importSummary{
		File: file, DryRun: res.DryRun, Tokens: res.Tokens,
		importCounts: importCounts{Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged,
			Differing: res.Differing, Deleted: res.Deleted, Failed: res.Failed},
		Reconciled: res.Reconciled, ElapsedSeconds: res.Elapsed.Seconds(), Journal: o.journal,
		Failures: itemsJSON(res.Failures), Differences: itemsJSON(res.Differences),
		Requests: res.Requests, EstimateSeconds: res.Estimate.Seconds(),
		res: res, o: o,
	}
	if !res.DryRun {
		s.IDMap = o.mapOut
	}
	return s
}

// printText writes an import's outcome for a person: the counts, the
// failures, in a dry run samples of the plan, and the files written.
func (s importSummary) printText(c *cli) {
	w, res := c.io.out, s.res
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
	fmt.Fprintf(w, "import %s: %d tokens: %s %d, %s %d, unchanged %d, differing %d, %s %d, %s %d in %s\n", s.File, res.Tokens,
		verb[migrate.ActionCreate], res.Created, verb[migrate.ActionUpdate], res.Updated, res.Unchanged, res.Differing,
		verb[migrate.ActionDelete], res.Deleted, verb[migrate.ActionFail], res.Failed, res.Elapsed.Round(100*time.Millisecond))
	if res.Differing > 0 && !s.o.update {
		fmt.Fprintln(w, "differing tokens were left as they are: run again with --update to rewrite them from the file")
	}
	if res.Reconciled > 0 {
		fmt.Fprintf(w, "%d creates of unknown outcome were looked up in the store before going on\n", res.Reconciled)
	}
	if !res.DryRun {
		fmt.Fprintf(w, "id map: %s\n", s.o.mapOut)
		return
	}
	fmt.Fprintln(w, dryRunEstimate(res, s.o.store.pacing))
}

// dryRunEstimate says how long the planned import takes at the pacing:
// its requests, what the burst lets go at once, the rest at the rate.
func dryRunEstimate(res *migrate.ImportResult, p pacing) string {
	if p.rate <= 0 {
		return fmt.Sprintf("the import would send %d requests, unpaced (--rate 0): its time is the API's", res.Requests)
	}
	return fmt.Sprintf("the import would send %d requests: about %s at %g requests/s after a burst of %d, plus the API's answers and any settle window",
		res.Requests, waitText(res.Estimate), p.rate, p.burst)
}

// waitText is a duration for a person: to the second, below ten seconds
// to the tenth.
func waitText(d time.Duration) string {
	if d < 10*time.Second {
		return durationText(d.Round(100 * time.Millisecond))
	}
	return durationText(d.Round(time.Second))
}

// durationText is d as a person writes it: 2m, 1h, 1h1m, 90s as 1m30s,
// without the zero minutes and seconds of time.Duration's String.
func durationText(d time.Duration) string {
	s := d.String()
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return s
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
	return safetext.Escape(s)
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
