package migrate

import "time"

// Action is what an import does, or would do, with one token.
type Action string

// The actions of an import.
const (
	// ActionCreate creates a file token whose key the target lacks.
	ActionCreate Action = "create"
	// ActionUpdate rewrites a target token whose fields differ from the file's (with Update).
	ActionUpdate Action = "update"
	// ActionUnchanged leaves a target token as it is: it matches the file.
	ActionUnchanged Action = "unchanged"
	// ActionDiffers leaves a target token that differs from the file's
	// while Update is off: Item.Changes lists the fields.
	ActionDiffers Action = "differs"
	// ActionDelete deletes a target token whose key is not in the file (with Prune).
	ActionDelete Action = "delete"
	// ActionFail writes nothing for a token; Item.Reason says why.
	ActionFail Action = "fail"
)

// Item is one token's outcome.
type Item struct {
	// Action is what was (or, in a dry run, would be) done.
	Action Action
	// Line is the token's line in the file; 0 for a store token absent from the file.
	Line int
	// Key is the token's key, rendered as FIELD=value pairs.
	Key string
	// SourceID is the file token's PaymentTokenID (0 when the file has none).
	SourceID int32
	// TargetID is the target token's PaymentTokenID, when there is one.
	TargetID int32
	// Changes are the differing fields of an update or of a differing token.
	Changes []FieldDiff
	// Reason says why a token failed, or why a differing one cannot be
	// updated (see ImportOptions.PUTMerges).
	Reason string
}

// FieldDiff is one field whose value differs between the file and the store.
type FieldDiff struct {
	// Field is the API's field name.
	Field string
	// File and Store are the two values as text (as a CSV file holds them).
	File, Store string
}

// ImportResult is the outcome of Import, or in a dry run its plan.
type ImportResult struct {
	// DryRun is true when nothing was written: the counts are the plan.
	DryRun bool
	// Tokens is the number of tokens in the file.
	Tokens int
	// Created, Updated, Unchanged, Differing, Deleted and Failed count the
	// outcomes. Differing tokens are matched by key but differ from the file
	// in some field, and were left as they are because Update is off.
	Created, Updated, Unchanged, Differing, Deleted, Failed int
	// Reconciled counts creates whose outcome was unknown (an unanswered
	// request, or an intent left in the journal by an interrupted run) that
	// were settled by reading the target; each is also counted under what
	// happened to its token in the end.
	Reconciled int
	// ArraysRefused is set when creates were sent in arrays
	// (ImportOptions.BulkCreate), the API refused some and created none: a
	// store that does not take an array on POST answers so, whatever a
	// probe said, and sending the same arrays again would fail the same
	// way. Import them one per request (BulkCreate 0), which also tells
	// whether the tokens themselves are at fault.
	ArraysRefused bool
	// Samples holds the first ImportOptions.Samples items of each action.
	Samples map[Action][]Item
	// Failures lists every failed token.
	Failures []Item
	// Differences lists every differing token, with its Changes.
	Differences []Item
	// Elapsed is the run's duration.
	Elapsed time.Duration
	// Requests and Estimate, in a dry run, are how many requests the import
	// it plans would send (the listing, the creates, the updates and the
	// deletes) and the least time the client's pacing takes to let them go
	// from a whole burst (wrapper.Pacing.Time); without pacing, Estimate is
	// 0. They leave out how long the API takes to answer and any settle window.
	Requests int
	Estimate time.Duration
}
