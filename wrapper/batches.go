package wrapper

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

// bulkOp is one of the bulk writes, UpdateMany or CreateMany.
type bulkOp struct {
	// done is what a written token was, for messages: "updated", "created".
	done string
	// send sends one batch in one request and returns one Result per token,
	// in input order.
	send func(ctx context.Context, batch []PaymentToken) ([]Result, error)
}

// checkBatch refuses, before anything is sent, an empty bulk write of
// operation name and a token whose id idProblem finds wrong (it says what
// is wrong, or "") or that checkToken refuses, naming the token.
func checkBatch(name string, ts []PaymentToken, idProblem func(PaymentToken) string) error {
	if len(ts) == 0 {
		return fmt.Errorf("paymenttokens: %s: no tokens given; pass at least one", name)
	}
	for i, t := range ts {
		if problem := idProblem(t); problem != "" {
			return fmt.Errorf("paymenttokens: %s: token %d %s", name, i, problem)
		}
		if err := checkToken(t); err != nil {
			if t.PaymentTokenID > 0 {
				return fmt.Errorf("paymenttokens: %s: token %d (PaymentTokenID %d): %w", name, i, t.PaymentTokenID, err)
			}
			return fmt.Errorf("paymenttokens: %s: token %d: %w", name, i, err)
		}
	}
	return nil
}

// runBatches sends ts in batches of size, up to WithConcurrency at once,
// each through sendBatch, and returns one Result per token in input order
// and, when some were not written, a *BatchError (see Bulk writes in the
// package doc). The first batch that fails as a whole stops it.
func (c *Client) runBatches(ctx context.Context, ts []PaymentToken, size int, op bulkOp) ([]Result, error) {
	results := make([]Result, len(ts))
	var (
		batches  errgroup.Group
		mu       sync.Mutex
		firstErr error
	)
	batches.SetLimit(c.cfg.concurrency)
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return firstErr
	}
	for start := 0; start < len(ts); start += size {
		end := min(start+size, len(ts))
		batches.Go(func() error {
			if failed() != nil {
				markUnwritten(ts[start:end], results[start:end], "not sent: an earlier batch failed", false)
				return nil
			}
			res, err := c.sendBatch(ctx, op.send, ts[start:end])
			settled := start + copy(results[start:end], res)
			if err != nil {
				unknown := errors.Is(err, ErrOutcomeUnknown)
				why := "not written: "
				if unknown {
					why = "outcome unknown (read the store to learn whether it was written): "
				}
				markUnwritten(ts[settled:end], results[settled:end], why+err.Error(), unknown)
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
			return nil
		})
	}
	_ = batches.Wait() // the batches return no error: each records its own

	var bad []Result
	for _, r := range results {
		if !r.OK() {
			bad = append(bad, r)
		}
	}
	if len(bad) > 0 {
		return results, &BatchError{Failed: bad, Err: firstErr, done: op.done, redact: c.redact}
	}
	return results, nil
}

// markUnwritten fills the results of tokens that were not written, or
// whose outcome is unknown.
func markUnwritten(ts []PaymentToken, results []Result, why string, unknown bool) {
	for i, t := range ts {
		results[i] = Result{Key: "PaymentTokenID", Value: idText(t), Message: why, OutcomeUnknown: unknown}
	}
}

// idText is a token's id as the envelope writes it, or "" for a token
// without one (a token to create).
func idText(t PaymentToken) string {
	if t.PaymentTokenID <= 0 {
		return ""
	}
	return strconv.Itoa(int(t.PaymentTokenID))
}
