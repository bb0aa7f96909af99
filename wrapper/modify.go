package wrapper

import (
	"context"
	"fmt"
)

// Modify changes some fields of the token with this id safely: it reads the
// token, lets change edit it, and writes the whole token back, so that the
// fields change leaves alone keep their values whether the API replaces the
// stored token or merges the fields sent. A missing id is an error matching
// [ErrNotFound]; an error from change stops Modify before any write and is
// returned wrapped. change may not alter PaymentTokenID. A field set to its
// zero value is not sent, so it is cleared only if the API replaces.
//
// Another writer may change the token between the read and the write; the
// API offers no way to detect that, so the last write wins.
//
// API: GET /PaymentTokens/{id} (getPaymentToken), then PUT /PaymentTokens/{id} (updatePaymentToken)
func (c *Client) Modify(ctx context.Context, id int32, change func(*PaymentToken) error) error {
	if change == nil {
		return fmt.Errorf("paymenttokens: Modify: change is nil; pass a function that edits the token")
	}
	t, found, err := c.Get(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("paymenttokens: Modify %d: %w: the API has no payment token with this id", id, ErrNotFound)
	}
	if err := change(&t); err != nil {
		return fmt.Errorf("paymenttokens: Modify %d: the change failed, nothing was written: %w", id, err)
	}
	if t.PaymentTokenID != id {
		return fmt.Errorf("paymenttokens: Modify %d: the change set PaymentTokenID to %d; it may not change the id (nothing was written)", id, t.PaymentTokenID)
	}
	t.LastUpdate = DateTime{} // the store stamps its own; an echo of its wall clock could shift it
	return c.Update(ctx, id, t)
}
