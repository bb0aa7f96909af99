package migrate

import "time"

// Phase names the stage a long operation is in.
type Phase string

// The phases reported to a ProgressFunc.
const (
	// PhaseCheck reads and checks the whole file before any request.
	PhaseCheck Phase = "check"
	// PhaseList lists the target store to index it by key.
	PhaseList Phase = "list"
	// PhaseWrite creates and updates the file's tokens.
	PhaseWrite Phase = "write"
	// PhaseSettle reads the target again to decide the creates whose
	// outcome was unknown, once their settle window has passed, and to pair
	// the tokens created in arrays with their ids (ImportOptions.BulkCreate):
	// in the write phase such a token counts as done once its array is
	// answered, and as created here.
	PhaseSettle Phase = "settle"
	// PhasePrune deletes the store tokens whose key is not in the file.
	PhasePrune Phase = "prune"
	// PhaseExport writes the store's tokens to the output.
	PhaseExport Phase = "export"
)

// Progress is a snapshot of a running operation.
type Progress struct {
	// Phase is the current stage.
	Phase Phase
	// Done and Total count the items of the phase (tokens; Total is 0 while unknown).
	Done, Total int
	// Created, Updated, Unchanged, Differing, Deleted and Failed count
	// outcomes so far (for a dry run, the outcomes planned).
	Created, Updated, Unchanged, Differing, Deleted, Failed int
	// Rate is Done per second since the phase began.
	Rate float64
	// ETA estimates the rest of the phase (0 while unknown). An import's
	// write and prune phases count it from the pacing the client enforces
	// (wrapper.Pacing: the requests left, what is left of the burst, the
	// rate) and add the settle windows still ahead, and the read of the
	// store after them; when the API answers more slowly than the pacing
	// lets requests go, the pace of the last few seconds is used instead.
	// Other phases estimate it from the pace of the last few seconds.
	ETA time.Duration
	// Waiting, when not empty, says what the operation waits for (a settle
	// window) until WaitUntil, by this process's clock; both are set on
	// every call during the wait.
	Waiting string
	// WaitUntil is when the wait named by Waiting ends.
	WaitUntil time.Time
	// Elapsed is the time since the operation began.
	Elapsed time.Duration
	// Note, when not empty, is a message for the user about this moment
	// (such as a wait); it is set on one call only.
	Note string
}

// ProgressFunc receives progress. It is called from one goroutine at a
// time, at most every ProgressInterval and once at the end of every phase;
// it should return quickly, since the operation waits for it.
type ProgressFunc func(Progress)

// ProgressInterval is the least time between two progress calls within a phase.
const ProgressInterval = 250 * time.Millisecond
