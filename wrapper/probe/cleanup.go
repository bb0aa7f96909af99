package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// create makes one probe token, journaled before the request is sent and
// after the store answered. A create whose outcome is unknown stays in the
// journal without id, for the cleanup to look for by its key.
func (p *prober) create(ctx context.Context, t wrapper.PaymentToken) (int32, error) {
	key := t.PaymentProfileID
	if err := p.journal.record(evCreating, key, 0); err != nil {
		return 0, err
	}
	id, err := p.c.Create(ctx, t)
	switch {
	case errors.Is(err, wrapper.ErrOutcomeUnknown):
		p.wrote("create", 0, key, "outcome unknown; looked for by its key in the cleanup")
		return 0, err
	case err != nil:
		p.wrote("create", 0, key, "not created: "+err.Error())
		return 0, errors.Join(err, p.journal.record(evRemoved, key, 0))
	}
	p.wrote("create", id, key, "created")
	return id, p.journal.record(evCreated, key, id)
}

// purge removes the probe tokens of entries and journals each removal;
// what it did is appended to out. An entry with an id is deleted only when
// that id still holds the entry's key (never another token); one without
// is looked for by its key in a walk of the store.
func (p *prober) purge(ctx context.Context, entries []entry, out *[]SentWrite) error {
	var unknown []string
	for _, e := range entries {
		if e.ID == 0 {
			unknown = append(unknown, e.Key)
		}
	}
	found, err := p.findByKey(ctx, unknown)
	if err != nil {
		return err
	}
	for i := range entries {
		if entries[i].ID == 0 {
			entries[i].ID = found[entries[i].Key]
		}
	}
	var errs []error
	for _, e := range entries {
		outcome, err := p.removeOne(ctx, e)
		switch {
		case err != nil:
			errs = append(errs, err)
			outcome = "not removed: " + err.Error()
		case e.ID == 0 && time.Since(e.At) < p.settle():
			until := e.At.Add(p.settle())
			outcome = fmt.Sprintf("not found by its key yet: its create may still land until %s; kept in the journal for the next run", until.Local().Format("15:04:05"))
			p.rep.Left++
			if until.After(p.rep.RunAgainAt) {
				p.rep.RunAgainAt = until
			}
		default:
			if jerr := p.journal.record(evRemoved, e.Key, e.ID); jerr != nil {
				errs = append(errs, jerr)
			}
		}
		*out = append(*out, SentWrite{Action: "delete", ID: e.ID, Key: e.Key, Outcome: outcome})
	}
	return errors.Join(errs...)
}

// findByKey walks the store for the tokens whose PaymentProfileID is one
// of keys and returns their ids by key; with no keys it sends nothing.
func (p *prober) findByKey(ctx context.Context, keys []string) (map[string]int32, error) {
	found := map[string]int32{}
	if len(keys) == 0 {
		return found, nil
	}
	for t, err := range p.c.All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("paymenttokens: probe: looking for probe tokens by key: %w", err)
		}
		if slices.Contains(keys, t.PaymentProfileID) {
			found[t.PaymentProfileID] = t.PaymentTokenID
		}
	}
	return found, nil
}

// removeOne deletes the probe token of e when it is still there and still
// holds e's key, and says what it found.
func (p *prober) removeOne(ctx context.Context, e entry) (string, error) {
	if e.ID == 0 {
		return "not found by its key: its create never landed", nil
	}
	t, found, err := p.c.Get(ctx, e.ID)
	switch {
	case err != nil:
		return "", err
	case !found:
		return "already gone", nil
	case t.PaymentProfileID != e.Key:
		return "left alone: the id now holds another token", nil
	}
	switch err := p.c.Delete(ctx, e.ID); {
	case errors.Is(err, wrapper.ErrNotFound):
		return "already gone", nil
	case err != nil:
		return "", err
	}
	return "deleted", nil
}

// cleanLeft removes what earlier, killed runs left (Report.Cleaned).
func (p *prober) cleanLeft(ctx context.Context) error {
	left := p.journal.left()
	if len(left) == 0 {
		return nil
	}
	return p.purge(ctx, left, &p.rep.Cleaned)
}

// cleanMine removes what this run made and has not removed yet, on a
// context of its own so that an interrupted or failed run still cleans up.
func (p *prober) cleanMine(ctx context.Context) error {
	mine := p.journal.left()
	if len(mine) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	return p.purge(ctx, mine, &p.rep.Writes)
}
