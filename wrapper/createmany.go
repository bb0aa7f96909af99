package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// CreateMany creates every token (none may carry a PaymentTokenID) by
// POSTing arrays of up to MaxLimit (500) tokens, up to WithConcurrency at
// once, and returns one Result per token in input order: a created token's
// Value is its new PaymentTokenID. Only a store that takes an array on POST
// can do this: the documented API takes one token, and the vendor does not
// say whether a store takes more, so learn it first (a probe with writes).
// A store that refuses arrays refuses each one with a 4xx and creates
// nothing; CreateMany then reports every token refused, as below.
//
// It fails and isolates like UpdateMany: when some tokens were not created
// it returns every Result and a *BatchError; a token the API refused (in
// its 206, or found by splitting an array the API refused as a whole with a
// 4xx, which proves nothing of it was created) carries the API's status and
// message; the tokens of an array that failed otherwise carry Status 0, and
// no later array is sent.
//
// An array is sent again only where Create would be: after a 429, or an
// error proving that no connection was made. An array whose outcome is
// unknown (the connection was cut after sending, a 5xx, an answer that
// cannot be read) is never sent again: each of its tokens carries Status 0
// and OutcomeUnknown, and the error matches ErrOutcomeUnknown. Read the
// store (List, All) to learn which were created before creating any again.
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
// match by), so their number must be the batch's, and every created item
// must carry a new id, each once.
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
