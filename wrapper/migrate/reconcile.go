package migrate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// maxCreateAttempts bounds how often one token's create is sent when each
// outcome is unknown and each reconcile finds it absent.
const maxCreateAttempts = 3

// reconciler sends creates and settles those whose outcome is unknown by
// reading the target, never by resending blind. Creates in flight hold the
// gate for reading; a reconcile holds it for writing, so it sees the store
// with no create of this run in flight, and every create sent so far is
// either confirmed or waiting in doubt.
//
// The store gives new tokens increasing ids and lists them last, so what
// this run created since the store was last fully known (base tokens, the
// highest id maxID) is the tail of the listing after position base: the
// confirmed creates and the creates in doubt that were applied.
type reconciler struct {
	c    *wrapper.Client
	key  keyer
	gate sync.RWMutex

	mu        sync.Mutex
	base      int                 // tokens in the store when it was last fully known
	maxID     int32               // the highest id then
	confirmed int                 // creates confirmed since then
	doubt     map[keyDigest]bool  // creates whose outcome is unknown, not yet settled
	settled   map[keyDigest]int32 // outcomes settled for another worker: the id, or 0 when absent
}

func newReconciler(c *wrapper.Client, key keyer, ix *index) *reconciler {
	return &reconciler{c: c, key: key, base: ix.count, maxID: ix.maxID, doubt: map[keyDigest]bool{}, settled: map[keyDigest]int32{}}
}

// send creates t (whose key has digest d) and accounts for the outcome.
func (r *reconciler) send(ctx context.Context, t wrapper.PaymentToken, d keyDigest) (int32, error) {
	r.gate.RLock()
	defer r.gate.RUnlock()
	id, err := r.c.Create(ctx, t)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.confirmed++
	case !refused(err):
		r.doubt[d] = true
	}
	return id, err
}

// refused reports an answer that proves the create was not applied: a 4xx
// other than 408 (the request may have been read before the timeout), and
// not matching wrapper.ErrOutcomeUnknown. Everything else may have been
// applied and must be settled by reading the store.
func refused(err error) bool {
	var apiErr *wrapper.APIError
	return !errors.Is(err, wrapper.ErrOutcomeUnknown) && errors.As(err, &apiErr) &&
		apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 && apiErr.StatusCode != http.StatusRequestTimeout
}

// resolve settles the create of digest d, whose outcome was unknown: it
// returns the id of the token holding the key in the store, or found false
// when the store does not hold it (so the create may be sent again).
func (r *reconciler) resolve(ctx context.Context, d keyDigest) (id int32, found bool, err error) {
	r.gate.Lock()
	defer r.gate.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, ok := r.settled[d]; ok {
		delete(r.settled, d)
		return id, id != 0, nil
	}
	ids, err := r.reconcile(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("paymenttokens: reading the target to settle a create whose outcome is unknown: %w", err)
	}
	for dd := range r.doubt {
		r.settled[dd] = ids[dd]
	}
	clear(r.doubt)
	id = r.settled[d]
	delete(r.settled, d)
	return id, id != 0, nil
}

// reconcile finds which creates in doubt the store holds. When the count
// says k of them were applied, it reads the tail after base, which must
// hold exactly the confirmed creates and k creates in doubt, all with ids
// above maxID; when the count does not add up, or the tail holds anything
// else, it lists the whole store.
func (r *reconciler) reconcile(ctx context.Context) (map[keyDigest]int32, error) {
	n, err := r.c.Count(ctx)
	if err != nil {
		return nil, err
	}
	applied := n - r.base - r.confirmed
	if applied == 0 {
		return nil, nil
	}
	if applied > 0 && applied <= len(r.doubt) {
		ids, ok, err := r.readTail(ctx, n, applied)
		if err != nil || ok {
			return ids, err
		}
	}
	ids := map[keyDigest]int32{}
	r.base, r.confirmed = 0, 0
	for t, err := range r.c.All(ctx) {
		if err != nil {
			return nil, err
		}
		r.base++
		r.maxID = max(r.maxID, t.PaymentTokenID)
		if d := digestOf(r.key.of(&t)); r.doubt[d] && ids[d] == 0 {
			ids[d] = t.PaymentTokenID
		}
	}
	return ids, nil
}

// readTail reads the records after base up to n; ok is false unless they
// are the confirmed creates and applied distinct creates in doubt, all newer
// than maxID. When ok, the store is fully known again.
func (r *reconciler) readTail(ctx context.Context, n, applied int) (ids map[keyDigest]int32, ok bool, err error) {
	ids = map[keyDigest]int32{}
	others, maxID := 0, r.maxID
	for offset := r.base + 1; offset <= n; offset += wrapper.MaxLimit {
		page, err := r.c.List(ctx, wrapper.ListParams{Limit: min(wrapper.MaxLimit, n-offset+1), Offset: offset})
		if err != nil {
			return nil, false, err
		}
		for _, t := range page {
			if t.PaymentTokenID <= r.maxID {
				return nil, false, nil // the listing shifted: something else wrote to the store
			}
			maxID = max(maxID, t.PaymentTokenID)
			if d := digestOf(r.key.of(&t)); r.doubt[d] && ids[d] == 0 {
				ids[d] = t.PaymentTokenID
			} else {
				others++
			}
		}
	}
	if len(ids) != applied || others != r.confirmed {
		return nil, false, nil
	}
	r.base, r.maxID, r.confirmed = n, maxID, 0
	return ids, true, nil
}
