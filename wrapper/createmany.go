package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// CreateMany creates every token (none may carry a PaymentTokenID) by
// POSTing arrays of up to [MaxLimit] tokens, and returns one [Result] per
// token in input order: a created token's Value is the PaymentTokenID the
// answer gave at its place. An envelope item names an id, not a token, and
// nothing proves that a store answers in the order it was sent: a caller
// that must know which token got which id reads the created tokens back and
// pairs them by content (migrate.Import pairs them by key). An answer with
// an item too few or too many, or an id twice, cannot be paired at all: its
// tokens are of unknown outcome. Only a store that takes an array on POST
// can do this, and it fails like [Client.UpdateMany] (see Bulk writes in
// the package doc). An array whose outcome is unknown is never sent again:
// its tokens carry OutcomeUnknown, and the error matches
// [ErrOutcomeUnknown]; read the store before creating any of them again.
//
// API: POST /PaymentTokens with an array body (createPaymentToken); not documented by the vendor
func (c *Client) CreateMany(ctx context.Context, ts []PaymentToken) ([]Result, error) {
	err := checkBatch("CreateMany", ts, func(t PaymentToken) string {
		if t.PaymentTokenID != 0 {
			return fmt.Sprintf("has PaymentTokenID %d; the store assigns the id of a new token, leave it 0", t.PaymentTokenID)
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	return c.runBatches(ctx, ts, MaxLimit, bulkOp{done: "created", send: c.createBatch})
}

// createBatch sends one array POST and returns one Result per token. The
// items are matched to the tokens by position (a new token has no id to
// match by; see CreateMany), so their number must be the batch's, and
// every created item must carry a new id, each once.
func (c *Client) createBatch(ctx context.Context, batch []PaymentToken) ([]Result, error) {
	var body gen.NewPaymentTokens
	err := body.FromPaymentTokenBatch(batch)
	var req *http.Request
	if err == nil {
		req, err = gen.NewCreatePaymentTokenRequest(c.server, body)
	}
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: CreateMany: %w", err)
	}
	r, results, err := c.sendArray(ctx, req, len(batch))
	if err != nil {
		return nil, err
	}
	seen := make(map[int32]bool, len(results))
	for i, res := range results {
		if !res.OK() {
			continue
		}
		id, err := newID(r, res)
		if err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, r.ShapeError("a new id per created token", fmt.Errorf("PaymentTokenID %d is given twice", id))
		}
		seen[id] = true
		results[i].Value = strconv.Itoa(int(id))
	}
	return results, nil
}
