package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// arrayCreate sends POST /PaymentTokens with an array of two probe tokens.
// A 4xx is a refusal: nothing was created. A 2xx is read as the bulk PUT's
// envelope, one item per token in order, each read back by its id. Any
// other outcome leaves the keys in the journal for the cleanup, which looks
// for them by key.
func (p *prober) arrayCreate(ctx context.Context) error {
	keys := []string{newKey(), newKey()}
	tokens := make([]wrapper.PaymentToken, len(keys))
	for i, k := range keys {
		if err := p.journal.record(evCreating, k, 0); err != nil {
			return err
		}
		tokens[i] = probeToken(k)
	}
	body, err := json.Marshal(tokens)
	if err != nil {
		return err
	}
	a, err := p.send(ctx, http.MethodPost, "PaymentTokens", nil, body)
	if err != nil {
		if !errors.Is(err, wrapper.ErrOutcomeUnknown) {
			err = errors.Join(err, p.journal.record(evRemoved, keys[0], 0), p.journal.record(evRemoved, keys[1], 0))
		}
		for _, k := range keys {
			p.wrote("array-create", 0, k, "not answered: "+err.Error())
		}
		return err
	}
	switch {
	case a.Status >= 400 && a.Status < 500:
		for _, k := range keys {
			if err := p.journal.record(evRemoved, k, 0); err != nil {
				return err
			}
			p.wrote("array-create", 0, k, fmt.Sprintf("refused (%d): not created", a.Status))
		}
		p.rep.Facts.ArrayCreate = No
		p.answer(qArrayCreate, fmt.Sprintf("refused (%d)", a.Status), AsAssumed, "")
		return nil
	case a.Status < 200 || a.Status >= 300:
		p.rep.Facts.ArrayCreate = Unknown
		for _, k := range keys {
			p.wrote("array-create", 0, k, fmt.Sprintf("answered %d: outcome unknown; looked for by its key in the cleanup", a.Status))
		}
		p.answer(qArrayCreate, fmt.Sprintf("answered %d", a.Status), Unknown, "")
		return nil
	}
	made := p.arrayMade(ctx, a, keys)
	if made == len(keys) {
		p.rep.Facts.ArrayCreate = Yes
		p.answer(qArrayCreate, fmt.Sprintf("accepted (%d): each token created", a.Status), Differs,
			"POST takes arrays: import --bulk-create may send up to 500 creates per request")
		return nil
	}
	p.rep.Facts.ArrayCreate = Unknown
	p.answer(qArrayCreate, fmt.Sprintf("answered %d, but %d of %d tokens were found by the ids it gave", a.Status, made, len(keys)), Unknown, "")
	return nil
}

// arrayMade reads the envelope of an accepted array create, journals each
// id that holds its token's key, and returns how many did.
func (p *prober) arrayMade(ctx context.Context, a *wrapper.RawAnswer, keys []string) int {
	var items []struct{ Value json.RawMessage }
	_ = json.Unmarshal(a.Body, &items) // an unreadable envelope finds nothing
	made := 0
	for i, k := range keys {
		if i >= len(items) {
			break
		}
		var text string
		if json.Unmarshal(items[i].Value, &text) != nil {
			text = string(items[i].Value)
		}
		id, err := strconv.ParseInt(text, 10, 32)
		if err != nil || id <= 0 {
			continue
		}
		t, found, err := p.c.Get(ctx, int32(id))
		if err != nil || !found || t.PaymentProfileID != k {
			continue
		}
		if p.journal.record(evCreated, k, int32(id)) == nil {
			made++
			p.wrote("array-create", int32(id), k, fmt.Sprintf("created (%d)", a.Status))
		}
	}
	return made
}
