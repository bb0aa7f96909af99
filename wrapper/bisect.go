package wrapper

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"net/http"
	"strings"
)

// sendBatch sends one batch of UpdateMany or CreateMany through send and
// returns one Result per token; a batch the API refuses as a whole is split
// to find the tokens refused (see isolate). On an error that stops the bulk
// write it returns the results of the tokens settled before it, a prefix of
// the batch.
func (c *Client) sendBatch(ctx context.Context, send batchSender, batch []PaymentToken) ([]Result, error) {
	res, err := send(ctx, batch)
	refused, ok := refusedAsAWhole(err)
	if !ok {
		return res, err
	}
	budget := splitBudget(len(batch))
	return c.isolate(ctx, send, batch, refused, &budget)
}

// batchSender sends one batch in one request (bulkOp.send).
type batchSender = func(ctx context.Context, batch []PaymentToken) ([]Result, error)

// splitBudget is how many extra requests splitting a refused batch of n may
// send: 4·⌈log2 n⌉, enough to find two refused tokens (each costs two
// requests per halving), however many the API refuses.
func splitBudget(n int) int { return 4 * bits.Len(uint(n-1)) }

// refusedAsAWhole returns the API's refusal of a whole batch for its
// content: a 4xx other than 401 and 403 (the credentials), 408 and 429
// (retried already, and about the pace, not the tokens) and a 404 that is
// not the API's own (a wrong base URL, which splitting cannot mend). Such
// an answer proves that nothing of the batch was written, also for a POST,
// which is never sent again after an attempt whose outcome is unknown.
func refusedAsAWhole(err error) (*APIError, bool) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode < 400 || apiErr.StatusCode >= 500 {
		return nil, false
	}
	switch apiErr.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusRequestTimeout, http.StatusTooManyRequests:
		return nil, false
	case http.StatusNotFound:
		return apiErr, apiErr.Hint == "" // notFoundError gives a foreign 404 its hint
	}
	return apiErr, true
}

// isolate sends the halves of a batch the API refused (refused), and the
// halves of a refused half, until each refusal names one token, within
// budget extra requests. It returns the results of a prefix of the batch:
// all of it, or those settled before an error that stops the bulk write.
func (c *Client) isolate(ctx context.Context, send batchSender, batch []PaymentToken, refused *APIError, budget *int) ([]Result, error) {
	if len(batch) == 1 {
		return []Result{{Key: "PaymentTokenID", Value: idText(batch[0]), Status: refused.StatusCode, Message: refusal(refused)}}, nil
	}
	if *budget < 2 {
		results := make([]Result, len(batch))
		markUnwritten(batch, results, fmt.Sprintf("not written: refused in a group of %d (%d: %s), which was not split further (a refused batch is split with at most 4·⌈log2 n⌉ extra requests); send these tokens again in smaller batches",
			len(batch), refused.StatusCode, refusal(refused)), false)
		return results, nil
	}
	*budget -= 2
	var out []Result
	mid := len(batch) / 2
	for _, half := range [][]PaymentToken{batch[:mid], batch[mid:]} {
		res, err := send(ctx, half)
		if sub, ok := refusedAsAWhole(err); ok {
			res, err = c.isolate(ctx, send, half, sub, budget)
		}
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// refusal is the API's message for a refused batch (masked like every
// message), or its status text when it gave none.
func refusal(e *APIError) string {
	if len(e.Messages) == 0 {
		return http.StatusText(e.StatusCode)
	}
	return strings.Join(e.Messages, "; ")
}
