package probe

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ReportFormat is the value of Report.Format: a file is a probe report of
// this tool when it holds it (the CLI's --out overwrites only such files).
const ReportFormat = "paymenttokens-probe/1"

// Verdict says how a store's answer compares with what this tool assumes.
type Verdict string

// Unknown is the value of a [Verdict], a [Tri] or a [Limit] when the probe
// could not tell (for a Verdict, Answer.Store says why).
const Unknown = "unknown"

// The verdicts, with [Unknown].
const (
	AsAssumed Verdict = "as-assumed" // the store did what the tool assumes (the sandbox's default)
	Differs   Verdict = "differs"    // the store did something else; Meaning says what that changes
	Skipped   Verdict = "skipped"    // the question needs a write, and Options.Write was off
)

// Tri is a yes/no answer that may be [Unknown].
type Tri string

// The values of a Tri, with [Unknown].
const (
	Yes Tri = "yes"
	No  Tri = "no"
)

// Limit is what a page larger than the documented cap got: [Served],
// [Refused] or [Unknown].
type Limit string

// The values of a Limit, with [Unknown].
const (
	Served  Limit = "served"  // the store served the page
	Refused Limit = "refused" // the store answered a 4xx
)

// Report is what a probe found. It holds no secret and no token data (no
// credential, no token field of any token but the probe's own ids and keys),
// so that a user can send it to the tool's authors. Its JSON field names are
// stable; a new field may be added, none is renamed.
type Report struct {
	// Format is ReportFormat.
	Format string `json:"format"`
	// Started is when the probe began (UTC).
	Started time.Time `json:"started"`
	// Store is the client's StoreDigest: which store was probed, as a hash.
	Store string `json:"store"`
	// Write says whether the write questions were asked.
	Write bool `json:"write"`
	// Tokens is how many tokens the store held when the probe began.
	Tokens int `json:"tokens"`
	// Facts are the answers as values a program can use (import --probe).
	Facts Facts `json:"facts"`
	// Answers are the questions, in the order they were asked.
	Answers []Answer `json:"answers"`
	// Writes lists every write the probe sent, in order, with its outcome.
	Writes []SentWrite `json:"writes"`
	// Cleaned lists the probe tokens that an earlier, interrupted probe
	// left and this one removed (or could not).
	Cleaned []SentWrite `json:"cleaned"`
	// Left counts the probe tokens whose create got no answer and that were
	// not found yet: they may still land in the store. The journal keeps
	// them; the next probe with Write removes them once found.
	Left int `json:"left"`
	// RunAgainAt, when Left is not 0, is when the last of those tokens can
	// no longer land (its settle window ends): a cleanup (Options.Cleanup)
	// run after it removes them all.
	RunAgainAt time.Time `json:"runAgainAt,omitzero"`
}

// Facts are the machine-readable answers. A zero or [Unknown] value means
// the probe could not tell.
type Facts struct {
	// PageCap is the most tokens the store served in one page (0: unknown).
	PageCap int `json:"pageCap"`
	// PageCapExact is true when the page held fewer tokens than asked for
	// and the store holds: PageCap is then the store's cap. False, the page
	// held all it could (the cap is PageCap or more).
	PageCapExact bool `json:"pageCapExact"`
	// LimitOver500 is what a limit over 500 got.
	LimitOver500 Limit `json:"limitOver500"`
	// ListOrderedByID says whether listings come in ascending id order.
	ListOrderedByID Tri `json:"listOrderedByID"`
	// IDsOnlyGrow says whether a new token's id is above every id the store
	// has given, a deleted one's included (needs a write).
	IDsOnlyGrow Tri `json:"idsOnlyGrow"`
	// PUTMerges says whether a PUT keeps the stored value of every field it
	// leaves empty (yes) or replaces the token (no); needs a write.
	PUTMerges Tri `json:"putMerges"`
	// ArrayCreate says whether POST /PaymentTokens accepts a JSON array of
	// tokens and creates each (needs a write).
	ArrayCreate Tri `json:"arrayCreate"`
	// BulkPartialStatus is the status a bulk PUT with one missing id got
	// (206 documented; 0: not asked).
	BulkPartialStatus int `json:"bulkPartialStatus"`
	// NotFound is the shape of the answer for a missing id (see Shape).
	NotFound Shape `json:"notFound"`
	// EmptyList is the shape of a listing of a store without tokens (only
	// seen on such a store; Status 0 otherwise).
	EmptyList Shape `json:"emptyList"`
	// OffsetPastEnd is the shape of a page asked past the last token.
	OffsetPastEnd Shape `json:"offsetPastEnd"`
	// DateFormats are the forms of LastUpdate seen, by name (see the package doc).
	DateFormats []string `json:"dateFormats"`
	// StampsLastUpdate says whether the store sets LastUpdate on a create
	// that sends none (needs a write).
	StampsLastUpdate Tri `json:"stampsLastUpdate"`
	// StoreUTCOffset is the offset from UTC of the clock LastUpdate is
	// written in, as "+00:00" or "-05:00", measured on a probe token against
	// this machine's clock to the nearest quarter hour ("": unknown; needs a
	// write).
	StoreUTCOffset string `json:"storeUTCOffset"`
	// FieldsLost are the fields a created token did not keep as sent (needs a write).
	FieldsLost []string `json:"fieldsLost"`
	// ThrottleHeaders are the names of rate-limit headers seen on any answer.
	ThrottleHeaders []string `json:"throttleHeaders"`
	// HeaderNames are the names of the headers of every answer the probe
	// read raw (all but those of the wrapper's own calls: the count, the
	// creates, updates and deletes, and the reads that check a verdict);
	// names only, never values, and never those the probe sends itself.
	HeaderNames []string `json:"headerNames"`
}

// Shape describes an answer without its data: status, the form of the body
// ("error array", "message object", "empty", "JSON array", "other") and
// the API's messages (never token data: error answers only).
type Shape struct {
	Status   int      `json:"status"`
	Body     string   `json:"body"`
	Messages []string `json:"messages"`
}

// Answer is one question's result.
type Answer struct {
	// Question is the question's stable name, such as "page-cap".
	Question string `json:"question"`
	// Title is the question in words.
	Title string `json:"title"`
	// Store is what this store did.
	Store string `json:"store"`
	// Sandbox is what the documented API (and wrapper/sandbox by default) does.
	Sandbox string `json:"sandbox"`
	// Verdict compares the two with what this tool assumes.
	Verdict Verdict `json:"verdict"`
	// Meaning is what the answer means for this tool.
	Meaning string `json:"meaning"`
}

// SentWrite is one write of the probe, or one removal of a token an earlier
// probe left.
type SentWrite struct {
	// Action is "create", "update", "bulk-update", "array-create" or "delete".
	Action string `json:"action"`
	// ID is the token's id (0 when none is known, such as for a refused create).
	ID int32 `json:"id,omitempty"`
	// Key is the probe token's PaymentProfileID (its probe marker).
	Key string `json:"key,omitempty"`
	// Outcome is what happened, in words ("201 created", "404: already gone", …).
	Outcome string `json:"outcome"`
}

// Differs reports whether any answer differs from what the tool assumes.
func (r *Report) Differs() bool {
	for _, a := range r.Answers {
		if a.Verdict == Differs {
			return true
		}
	}
	return false
}

// ParseReport reads a report saved as JSON (the CLI's --out), for a program
// that adapts to what a probe found (import --probe). A document of another
// tool, or of another version of the Format, is an error.
func ParseReport(data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("paymenttokens: probe report: %w", err)
	}
	if r.Format != ReportFormat {
		return nil, fmt.Errorf("paymenttokens: probe report: the format is %q; want %q (probe the store again with this version)", r.Format, ReportFormat)
	}
	return &r, nil
}

// IsReport reports whether data is a probe report of this tool, of this
// or another version of its Format.
func IsReport(data []byte) bool {
	var head struct{ Format string }
	if json.Unmarshal(data, &head) != nil {
		return false
	}
	return strings.HasPrefix(head.Format, "paymenttokens-probe/")
}
