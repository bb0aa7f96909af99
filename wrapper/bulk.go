package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// UpdateMany updates every token (each must carry its PaymentTokenID) in
// batches of WithBatchSize, up to WithConcurrency at once, and returns one
// Result per token in input order. When some tokens were not updated it
// returns every Result and a *BatchError listing the failed ones: those the
// API refused (in its 206, or found by splitting a refused batch, see
// below) with the API's status and message, and, with Status 0, those of a
// batch that failed as a whole. When a failed batch may have been applied
// all the same, the error matches ErrOutcomeUnknown and those tokens'
// Results say OutcomeUnknown (and their messages "outcome unknown").
//
// A batch the API refuses as a whole for its content (a 4xx other than 401,
// 403, 408, 429 and a 404 that is not the API's own) is split in halves,
// and refused halves again, until each refusal names one token: only those
// fail, each with the API's status and message; the others are written, and
// later batches are sent. Splitting a batch of n costs at most 4·⌈log2 n⌉
// extra requests (28 for 100 tokens), enough to find two refused tokens;
// the tokens of a group still refused when they are spent fail with Status
// 0 and the API's message. A batch that fails otherwise (401, 403, a 408 or
// 429 or 5xx that outlived the retries, a transport error) stops
// UpdateMany: no further batch is sent, as for a split that meets one.
//
// Each token is sent whole, as given: the API may replace the stored token
// with it, so read the tokens first (All, Get) and change only what you mean
// to; a field left at its zero value is not sent and may be cleared.
//
// API: PUT /PaymentTokens (updatePaymentTokens)
func (c *Client) UpdateMany(ctx context.Context, ts []PaymentToken) ([]Result, error) {
	err := checkBatch("UpdateMany", ts, func(t PaymentToken) string {
		if t.PaymentTokenID <= 0 {
			return "has no PaymentTokenID; set it to the id of the token to update"
		}
		return ""
	})
	if err != nil {
		return nil, err
	}

	return c.runBatches(ctx, ts, c.cfg.batchSize, bulkOp{done: "updated", send: c.updateBatch})
}

// updateBatch sends one bulk PUT and returns one Result per token.
func (c *Client) updateBatch(ctx context.Context, batch []PaymentToken) ([]Result, error) {
	req, err := gen.NewUpdatePaymentTokensRequest(c.server, batch)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: UpdateMany: %w", err)
	}
	r, results, err := c.sendArray(ctx, req, len(batch))
	if err != nil {
		return nil, err
	}
	return inInputOrder(r, batch, results)
}

// sendArray sends a bulk write of n tokens and returns its answer and
// envelope, which must hold n items.
func (c *Client) sendArray(ctx context.Context, req *http.Request, n int) (*pipeline.Reply, []Result, error) {
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if r.Status == http.StatusNotFound {
		return nil, nil, c.notFoundError(r)
	}
	if !r.OK() {
		return nil, nil, c.newAPIError(r)
	}
	results, err := c.decodeResults(r) // a 2xx without an envelope (a 204) leaves the outcome unknown
	if err != nil {
		return nil, nil, err
	}
	if len(results) != n {
		return nil, nil, r.ShapeError(fmt.Sprintf("%d envelope items, one per token", n), fmt.Errorf("got %d", len(results)))
	}
	return r, results, nil
}

// inInputOrder matches the envelope's items to the batch by id: the API
// answers in input order, but an item is trusted only for the token it names.
func inInputOrder(r *pipeline.Reply, batch []PaymentToken, results []Result) ([]Result, error) {
	byID := make(map[string]Result, len(results))
	for _, res := range results {
		byID[res.Value] = res
	}
	ordered := make([]Result, len(batch))
	for i, t := range batch {
		id := strconv.Itoa(int(t.PaymentTokenID))
		res, ok := byID[id]
		if !ok {
			return nil, r.ShapeError("one envelope item per token, each naming its PaymentTokenID", fmt.Errorf("no item names PaymentTokenID %s", id))
		}
		ordered[i] = res
	}
	return ordered, nil
}
