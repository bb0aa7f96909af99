package probe

// question is one thing the probe asks: its stable name, its title, what
// the documented API (the sandbox by default) does, in the words the
// probe's own description of a store uses, and what that means when the
// store does the same.
type question struct {
	name, title, sandbox, assumed string
}

// The questions, in the order they are asked.
var (
	qPageCap = question{"page-cap", "How many tokens does a page hold?",
		"500 a page; a limit over 500 is refused (400)",
		"pages of 500, as the tool asks them"}
	qListOrder = question{"list-order", "Is a listing ordered by id?",
		"ascending by id",
		"new tokens are listed last: a walk of a store that gains tokens meanwhile misses none of the old ones"}
	qOffsetPastEnd = question{"offset-past-end", "What does a page past the end answer?",
		`400, error array: "Offset amount exceeds the total number of records"`,
		"the tool reads it as the end of the listing"}
	qMissingID = question{"missing-id", "What does a missing id answer?",
		`404, error array: "No payment tokens found."`,
		"the tool reads it as \"no such token\", and any other 404 as a wrong base URL"}
	qEmptyList = question{"empty-list", "What does the listing of a store without tokens answer?",
		`404, error array: "No payment tokens found."`,
		"the tool reads it as an empty store"}
	qDates = question{"date-format", "In what form does LastUpdate come?",
		"MM/dd/yyyy HH:mm",
		"the tool reads it (a date without zone as the store's wall clock, kept as UTC)"}
	qThrottle = question{"throttle-headers", "Which rate-limit headers come back?",
		"none",
		"the tool paces itself (--rate, --burst) and reads only Retry-After"}
	qCreate = question{"create-roundtrip", "Does a created token keep every field as sent?",
		"every field kept; LastUpdate set by the store",
		"an import's tokens read back as the file holds them; diff ignores LastUpdate"}
	qStoreClock = question{"store-clock", "Whose wall clock is LastUpdate?",
		"UTC",
		"the tool reads a LastUpdate without zone as UTC, which it is"}
	qPUTMerge = question{"put-merge", "Does a PUT with empty fields clear them or keep them?",
		"replaces: the fields it leaves empty are cleared",
		"Update, Modify and import --update send whole tokens: a field emptied in a file is cleared in the store"}
	qBulkMissing = question{"bulk-missing-id", "What does a bulk PUT with one missing id answer?",
		"206, items 200 and 404",
		"UpdateMany reports the missing token as failed and the others as written"}
	qDeleted = question{"read-after-delete", "Is a deleted token gone?",
		`404, error array: "No payment tokens found."`,
		"a delete is final: a deleted key is created anew by an import"}
	qIDsGrow = question{"ids-grow", "Is a new id above every id given before, a deleted one's included?",
		"above the deleted token's id",
		"an old id (in an id map or a journal) never names a newer token"}
	qArrayCreate = question{"array-create", "Does POST accept an array of tokens?",
		"refused (400)",
		"import creates one token per request"}
)

// writeQuestions are those that need a write, in the order they are asked.
var writeQuestions = []question{qCreate, qStoreClock, qPUTMerge, qBulkMissing, qDeleted, qIDsGrow, qArrayCreate}

// allQuestions are every question, in the order a run asks them.
var allQuestions = append([]question{qPageCap, qListOrder, qOffsetPastEnd, qMissingID, qEmptyList}, append(writeQuestions, qDates, qThrottle)...)

// skipWrites answers every write question "skipped".
func (p *prober) skipWrites() {
	for _, q := range writeQuestions {
		p.answer(q, "not asked: needs --write", Skipped, "run with --write to ask it (it creates probe tokens and removes them)")
	}
}
