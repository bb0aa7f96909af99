package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// UpdateMany updates every token (each must carry its PaymentTokenID) and
// returns one [Result] per token in input order, with a [*BatchError] when
// some were not updated, matching [ErrOutcomeUnknown] when a failed batch
// may have been applied (see Bulk writes in the package doc). Each token is
// sent whole, as given: read the tokens first and change only what you mean to.
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
