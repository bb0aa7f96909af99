// Package probe measures how a store's PaymentTokens API behaves where the
// vendor's reference is silent, so that a migration is not trusted to
// guesses: Run asks a fixed list of questions through a wrapper.Client
// (paced and retried as every call) and returns a Report that says, per
// question, what this store did, what the documented API (and
// wrapper/sandbox by default) does, whether that is what this tool assumes,
// and what it means for the tool. Facts holds the same as values a
// program can use (import --probe).
//
//	rep, err := probe.Run(ctx, client, probe.Options{Write: true, Journal: "probe.journal"})
//
// # Read-only questions
//
// Without Options.Write the probe sends only GET requests:
//
//   - page-cap: a page of 1000 (then 500, if that is refused) from offset 1.
//     The vendor's paging notes say 500; a store that serves fewer is
//     measured exactly when it holds more tokens than it served, else the
//     answer is unknown ("too few tokens"). A smaller cap costs requests,
//     never tokens: All advances by what a page held.
//   - list-order: the ids of the first and the last page, ascending or not.
//     In id order, tokens created during a walk land on the last page.
//   - offset-past-end: the page after the last token; the tool reads the
//     API's 400 "Offset amount exceeds the total number of records" as
//     the end. The verdict is the wrapper's own reading of the answer.
//   - missing-id: a GET of an id the store does not hold (the highest
//     int32 ids, the first one the store answers it does not hold); the
//     tool reads the API's 404 "No payment tokens found." as "no such
//     token", and any other 404 as a wrong base URL.
//   - empty-list: the listing of a store without tokens (only such a store
//     can answer it).
//   - date-format: the forms LastUpdate takes in every answer read, by name
//     ("MM/dd/yyyy HH:mm", "ISO 8601 without zone", …); as assumed when the
//     tool reads every one.
//   - throttle-headers: the names of rate-limit headers (Retry-After,
//     RateLimit-*, X-RateLimit-*, X-Rate-Limit-*, any with "throttl") on
//     any answer. None are documented; the tool paces itself.
//
// A 401, a 404 that is not the API's own (a wrong base URL) or an
// unreachable API ends the probe with the wrapper's error.
//
// # Questions that need a write
//
// With Options.Write the probe makes probe tokens: a PaymentProfileID of
// Marker and 16 random hex digits (no gateway's token looks like it, so it
// cannot collide with real data), CustomerProfileID and GatewayName
// "paymenttokens-probe", made-up card fields, and no id of another record
// (no CustomerID, OrderID, GatewayID or BillingPaymentMethodID: a probe
// token is attached to no real customer or order, so the round trip of
// those fields stays unmeasured). It never writes to another token:
//
//   - create-roundtrip: create one, read it back: which fields came back as
//     sent, and whether the store set LastUpdate. A store that refuses the
//     probe token (a 4xx) is reported so, and the other write questions
//     are left unknown.
//   - store-clock: the LastUpdate the store gave the new token, read as
//     UTC, against this machine's clock at the create, to the nearest
//     quarter hour: the zone of the wall clock the store writes dates in
//     (the tool reads a date without zone as UTC).
//   - put-merge: PUT it with GatewayName changed and the card fields empty,
//     read it back: cleared (the store replaces the token, as the sandbox
//     does) or kept (the store merges: Update, Modify and import --update
//     cannot clear a field).
//   - bulk-missing-id: PUT /PaymentTokens with the probe token and the
//     missing id: 206 with items 200 and 404 is documented. A store that
//     creates the missing id is caught (that token is probe-marked too, and
//     removed).
//   - read-after-delete: delete the token and read it again.
//   - ids-grow: create another: is its id above the deleted one's and above
//     every id listed before? A store that reuses ids makes old ids (in id
//     maps, journals, exports) name other tokens.
//   - array-create: POST /PaymentTokens with an array of two probe tokens
//     (a raw request: the documented API takes one token). A 4xx is a
//     refusal that created nothing; a 2xx is read as the bulk PUT's
//     envelope and each id read back; both tokens are removed.
//
// # Cleaning up
//
// Every probe token is recorded in the journal (Options.Journal, JSON
// Lines, synced) before its create is sent and again with its id once
// answered; so is its removal. The probe removes what it made before it
// returns, also when a question failed or ctx ended (on a context of its
// own, within a minute). A run killed outright leaves the journal: the
// next run with Write first removes what it lists (Report.Cleaned): a
// token with a known id is deleted only while that id still holds its
// key; one whose create got no answer is looked for by its key in a walk
// of the store, and kept in the journal until Options.Settle has passed
// since it was sent (its create may still land). A run without Write
// reports what the journal lists and removes nothing. The journal is
// removed once nothing is left in it; entries of other stores are kept.
// A probe with Write holds the journal locked (the lock dies with its
// process): a second one on it is refused with ErrJournalBusy before any
// request, since it would take the first one's tokens for leftovers.
//
// # The report
//
// Report serialises to JSON with stable field names (Format names the
// version). It holds no credential (the answers' header names are kept,
// never values, and never the names of the headers the probe sends), no
// field of any token but the probe's own ids and keys, and of error
// answers only their status, form and messages (secrets masked): a user
// can send it to the tool's authors. The verdict "differs" on any question,
// and Report.Left above 0 (probe tokens that may still land), are what the
// CLI's exit status 1 reports; "unknown" and "skipped" are not.
package probe
