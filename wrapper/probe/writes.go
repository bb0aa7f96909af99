package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// cardFields are the fields of a probe token that the partial update leaves empty.
var cardFields = []string{"CustomerProfileID", "CardLast4", "CardExpMonth", "CardExpYear"}

// updatedName is the GatewayName the partial update sends.
const updatedName = "paymenttokens-probe-updated"

// writes asks the questions that need writes, then removes every probe
// token, also when a question failed or ctx ended.
func (p *prober) writes(ctx context.Context) (err error) {
	defer func() { err = errors.Join(err, p.cleanMine(ctx)) }()
	highest := p.maxID // before the probe's own ids are seen
	key := newKey()
	sent := probeToken(key)
	sentAt := time.Now()
	id, err := p.create(ctx, sent)
	if refusal := refusedOutright(err); refusal != "" {
		p.answer(qCreate, "refused the probe token: "+refusal, Differs,
			"the other write questions could not be asked; the probe sends no id of another record (customer, order, gateway), which this store may require")
		for _, q := range writeQuestions[1:] {
			p.answer(q, "not asked: the store refused the probe token", Unknown, "")
		}
		return nil
	}
	if errors.Is(err, wrapper.ErrOutcomeUnknown) && !errors.Is(err, context.Canceled) {
		p.answer(qCreate, "no answer to the probe token's create: "+firstLine(err), Unknown,
			"the store or its gateway did not say whether it created the token; an import's creates there are settled by reading the store")
		for _, q := range writeQuestions[1:] {
			p.answer(q, "not asked: the probe token's create got no answer, so there is no token to ask it with", Unknown, "")
		}
		return nil
	}
	if err != nil {
		return err
	}
	if err := p.roundTrip(ctx, id, sent, sentAt); err != nil {
		return err
	}
	if err := p.partialPUT(ctx, id, sent); err != nil {
		return err
	}
	if err := p.bulkMissing(ctx, id, sent); err != nil {
		return err
	}
	if err := p.readAfterDelete(ctx, id, key); err != nil {
		return err
	}
	if err := p.idsGrow(ctx, id, highest); err != nil {
		return err
	}
	return p.arrayCreate(ctx)
}

// refusedOutright describes err when it is the API's refusal of a write
// that certainly did nothing (a 4xx but 401 and 429), else "".
func refusedOutright(err error) string {
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) || apiErr.OutcomeUnknown || apiErr.StatusCode < 400 || apiErr.StatusCode >= 500 ||
		apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusTooManyRequests {
		return ""
	}
	out := strconv.Itoa(apiErr.StatusCode)
	if len(apiErr.Messages) > 0 {
		out += " " + strconv.Quote(strings.Join(apiErr.Messages, "; "))
	}
	return out
}

// remove deletes one probe token of this run, journaled and reported.
func (p *prober) remove(ctx context.Context, id int32, key string) error {
	return p.purge(ctx, []entry{{Store: p.rep.Store, Key: key, ID: id}}, &p.rep.Writes)
}

// readBack reads a probe token raw (noting its LastUpdate's form) and decoded.
func (p *prober) readBack(ctx context.Context, id int32) (wrapper.PaymentToken, error) {
	a, err := p.send(ctx, http.MethodGet, "PaymentTokens/"+strconv.Itoa(int(id)), nil, nil)
	if err != nil {
		return wrapper.PaymentToken{}, err
	}
	var rows []row
	if json.Unmarshal(a.Body, &rows) == nil {
		p.note(rows)
	}
	t, found, err := p.c.Get(ctx, id)
	if err == nil && !found {
		err = fmt.Errorf("paymenttokens: probe: the probe token %d cannot be read back", id)
	}
	return t, err
}

// roundTrip reads the new token back, created between sentAt and now.
func (p *prober) roundTrip(ctx context.Context, id int32, sent wrapper.PaymentToken, sentAt time.Time) error {
	got, err := p.readBack(ctx, id)
	if err != nil {
		return err
	}
	p.storeClock(got.LastUpdate, sentAt, time.Now())
	lost := fieldsLost(sent, got)
	p.rep.Facts.FieldsLost = lost
	stamped := !got.LastUpdate.IsZero()
	p.rep.Facts.StampsLastUpdate = map[bool]Tri{true: Yes, false: No}[stamped]
	store := "every field kept"
	var meaning []string
	if len(lost) > 0 {
		store = joinAnd(lost) + " not kept as sent"
		meaning = append(meaning, "diff after an import reports "+joinAnd(lost)+" as differing")
	}
	if stamped {
		store += "; LastUpdate set by the store"
	} else {
		store += "; LastUpdate left empty"
		meaning = append(meaning, "LastUpdate says nothing of when a token changed")
	}
	if len(meaning) == 0 {
		p.answer(qCreate, store, AsAssumed, "")
		return nil
	}
	p.answer(qCreate, store, Differs, strings.Join(meaning, "; "))
	return nil
}

// maxOffset is the farthest a time zone is from UTC.
const maxOffset = 14 * time.Hour

// storeClock compares the LastUpdate a new token got, read as UTC, with
// the time of its create (between from and to), to the nearest quarter
// hour: the offset of the clock the store writes it in.
func (p *prober) storeClock(stamp wrapper.DateTime, from, to time.Time) {
	if stamp.IsZero() {
		p.answer(qStoreClock, "LastUpdate left empty", Unknown, "")
		return
	}
	mid := from.Add(to.Sub(from) / 2)
	offset := stamp.Sub(mid).Round(15 * time.Minute)
	if offset < -maxOffset || offset > maxOffset {
		p.answer(qStoreClock, "LastUpdate is not near the time of the create", Unknown, "")
		return
	}
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	zone := fmt.Sprintf("%s%02d:%02d", sign, int(offset.Hours()), int(offset.Minutes())%60)
	p.rep.Facts.StoreUTCOffset = zone
	if offset == 0 {
		p.answer(qStoreClock, "UTC", AsAssumed, "")
		return
	}
	p.answer(qStoreClock, "UTC"+zone, Differs, fmt.Sprintf(
		"LastUpdate is the store's wall clock at UTC%s without a zone: the tool reads it as UTC, so the LastUpdate it exports is %v off (diff and import ignore LastUpdate)", zone, offset))
}

// partialPUT sends the token with its card fields empty and reads it back.
func (p *prober) partialPUT(ctx context.Context, id int32, sent wrapper.PaymentToken) error {
	err := p.c.Update(ctx, id, wrapper.PaymentToken{PaymentProfileID: sent.PaymentProfileID, GatewayName: updatedName})
	if err != nil {
		p.wrote("update", id, sent.PaymentProfileID, "failed: "+err.Error())
		return err
	}
	p.wrote("update", id, sent.PaymentProfileID, "updated: GatewayName changed, "+joinAnd(cardFields)+" sent empty")
	got, err := p.readBack(ctx, id)
	if err != nil {
		return err
	}
	cleared := zeroFields(got, cardFields)
	switch {
	case got.GatewayName != updatedName:
		p.rep.Facts.PUTMerges = Unknown
		p.answer(qPUTMerge, "the update was answered 200 but not applied", Differs, "an update may be lost without an error: check with diff after import --update")
	case len(cleared) == len(cardFields):
		p.rep.Facts.PUTMerges = No
		p.answer(qPUTMerge, "replaces: the fields it leaves empty are cleared", AsAssumed, "")
	case len(cleared) == 0 && len(fieldsLost(sent, got)) == 1: // only GatewayName changed
		p.rep.Facts.PUTMerges = Yes
		p.answer(qPUTMerge, "merges: the fields it leaves empty keep their value", Differs,
			"PUT merges: Update, Modify and import --update cannot clear a field (a field emptied in a file stays as it was in the store); diff reports it as differing")
	default:
		p.rep.Facts.PUTMerges = Unknown
		p.answer(qPUTMerge, "clears "+joinAnd(cleared)+" only", Differs, "some fields cannot be cleared by an update")
	}
	return nil
}

// bulkMissing sends a bulk PUT of the probe token and of a missing id.
func (p *prober) bulkMissing(ctx context.Context, id int32, sent wrapper.PaymentToken) error {
	if p.missing == 0 {
		p.answer(qBulkMissing, "not asked: no missing id was found", Unknown, "")
		return nil
	}
	ghost := newKey() // journaled: a store that creates missing ids would make it
	if err := p.journal.record(evCreating, ghost, 0); err != nil {
		return err
	}
	whole := sent
	whole.PaymentTokenID = id
	body, err := json.Marshal([]wrapper.PaymentToken{whole, {PaymentTokenID: p.missing, PaymentProfileID: ghost}})
	if err != nil {
		return err
	}
	a, err := p.send(ctx, http.MethodPut, "PaymentTokens", nil, body)
	if err != nil {
		p.wrote("bulk-update", id, sent.PaymentProfileID, "outcome unknown: "+err.Error())
		return err
	}
	statuses := itemStatuses(a.Body)
	store := fmt.Sprintf("%d, items %s", a.Status, joinAnd(statuses))
	if len(statuses) == 0 {
		store = shapeOf(a).String()
	}
	p.rep.Facts.BulkPartialStatus = a.Status
	p.wrote("bulk-update", id, sent.PaymentProfileID, store)
	made, err := p.ghostMade(ctx, ghost, len(statuses) < 2 || strings.HasPrefix(statuses[1], "2"))
	if err != nil {
		return err
	}
	switch {
	case made > 0:
		if err := p.journal.record(evCreated, ghost, made); err != nil {
			return err
		}
		p.wrote("bulk-update", made, ghost, "created by the bulk PUT of a missing id")
		p.answer(qBulkMissing, store+"; a token was created for the missing id", Differs,
			"a bulk PUT creates a token for an id the store lacks: import --update must not send ids the target does not hold")
		return p.remove(ctx, made, ghost)
	case store == qBulkMissing.sandbox:
		p.answer(qBulkMissing, store, AsAssumed, "")
	case a.Status >= 400:
		p.answer(qBulkMissing, store, Differs, "a batch with one missing id is refused whole: UpdateMany splits it to find the missing one (more requests)")
	default:
		p.answer(qBulkMissing, store, Differs, "UpdateMany reports each token by its item's Status; check that a missing id is reported as failed")
	}
	return p.journal.record(evRemoved, ghost, 0)
}

// ghostMade returns the id of the token a bulk PUT made for the missing id
// (0: none): under that id, or, when the store said it wrote the missing
// item (wrote), under any id, looked for by its key.
func (p *prober) ghostMade(ctx context.Context, ghost string, wrote bool) (int32, error) {
	t, _, err := p.c.Get(ctx, p.missing)
	switch {
	case err != nil:
		return 0, err
	case t.PaymentProfileID == ghost:
		return p.missing, nil
	case !wrote:
		return 0, nil
	}
	found, err := p.findByKey(ctx, []string{ghost})
	return found[ghost], err
}

// itemStatuses reads the Status of each item of a write envelope.
func itemStatuses(body []byte) []string {
	var items []struct{ Status json.RawMessage }
	if json.Unmarshal(body, &items) != nil {
		return nil
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = strings.Trim(string(it.Status), `"`)
	}
	return out
}

// readAfterDelete deletes the probe token and reads it again.
func (p *prober) readAfterDelete(ctx context.Context, id int32, key string) error {
	if err := p.remove(ctx, id, key); err != nil {
		return err
	}
	a, err := p.send(ctx, http.MethodGet, "PaymentTokens/"+strconv.Itoa(int(id)), nil, nil)
	if err != nil {
		return err
	}
	shape := shapeOf(a)
	_, found, err := p.c.Get(ctx, id)
	switch {
	case errors.Is(err, wrapper.ErrNotFound):
		return err
	case err != nil:
		p.answer(qDeleted, shape.String(), Differs, "the tool stops with an error reading a deleted token: "+err.Error())
	case found:
		p.answer(qDeleted, "still found after its delete was answered 200", Differs, "a delete may not be final at once: diff after a migration may still list deleted tokens")
	default:
		p.answer(qDeleted, shape.String(), AsAssumed, "")
	}
	return nil
}

// idsGrow creates a token after the delete of the first probe token and
// compares both ids with each other and with the highest id listed before.
func (p *prober) idsGrow(ctx context.Context, deleted, highest int32) error {
	key := newKey()
	id, err := p.create(ctx, probeToken(key))
	if err != nil {
		return err
	}
	store := ""
	switch {
	case deleted <= highest || id <= highest || id < deleted:
		store = "below an id given before"
	case id == deleted:
		store = "the deleted token's id again"
	}
	if store == "" {
		p.rep.Facts.IDsOnlyGrow = Yes
		p.answer(qIDsGrow, "above the deleted token's id", AsAssumed, "")
	} else {
		p.rep.Facts.IDsOnlyGrow = No
		p.answer(qIDsGrow, store, Differs,
			"ids are reused: an old id (an id map, a journal, a saved export) may name another token; match tokens by key, never by an old id")
	}
	return p.remove(ctx, id, key)
}
