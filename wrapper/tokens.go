package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// Create stores a new token and returns the PaymentTokenID the API gave it
// (the envelope's Value, read as sent, never masked). It is sent again only
// where the API certainly did nothing (see Retries and pacing in the package
// doc); a failure after the request may have reached the API matches
// [ErrOutcomeUnknown]: look for the token with [Client.List] or [Client.All]
// before creating it again.
//
// API: POST /PaymentTokens (createPaymentToken)
func (c *Client) Create(ctx context.Context, t PaymentToken) (id int32, err error) {
	if err := checkToken(t); err != nil {
		return 0, fmt.Errorf("paymenttokens: Create: %w", err)
	}
	var body gen.NewPaymentTokens
	err = body.FromPaymentToken(t)
	var req *http.Request
	if err == nil {
		req, err = gen.NewCreatePaymentTokenRequest(c.server, body)
	}
	if err != nil {
		return 0, fmt.Errorf("paymenttokens: Create: %w", err)
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return 0, err
	}
	if !r.OK() {
		return 0, c.newAPIError(r)
	}
	results, err := c.decodeResults(r)
	if err != nil {
		return 0, err
	}
	if err := c.checkResults(r, results); err != nil {
		return 0, err
	}
	if len(results) != 1 {
		return 0, r.ShapeError("one envelope item", fmt.Errorf("got %d", len(results)))
	}
	return newID(r, results[0])
}

// newID reads the id a create's envelope item gives the new token.
func newID(r *pipeline.Reply, res Result) (int32, error) {
	n, err := strconv.ParseInt(res.Value, 10, 32)
	if err != nil || n <= 0 {
		quoted := excerpt([]byte(r.Redact(res.Value)), 40) // masked before it is cut
		return 0, r.ShapeError("an envelope whose Value is the new id", fmt.Errorf("the envelope Value is %q", quoted))
	}
	return int32(n), nil
}

// List returns one page of tokens. A store without tokens and an offset
// past the end both give an empty page and no error (see The 404 rule in
// the package doc). A page may hold fewer tokens than Limit, and a store may
// answer its own 404 in the middle: to read every token, use [Client.All].
//
// API: GET /PaymentTokens?limit&offset (listPaymentTokens)
func (c *Client) List(ctx context.Context, p ListParams) ([]PaymentToken, error) {
	if err := checkListParams(p); err != nil {
		return nil, fmt.Errorf("paymenttokens: List: %w", err)
	}
	params := &gen.ListPaymentTokensParams{}
	if p.Limit > 0 {
		params.Limit = ptr(int32(p.Limit))
	}
	if p.Offset > 0 {
		params.Offset = ptr(int32(p.Offset))
	}
	req, err := gen.NewListPaymentTokensRequest(c.server, params)
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: List: %w", err)
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return nil, err
	}
	if empty, err := c.readOutcome(r); empty || isOffsetPastEnd(r) {
		return []PaymentToken{}, nil
	} else if err != nil {
		return nil, err
	}
	return decodeTokens(r)
}

// Count returns the number of tokens in the store: 0 when the API answers
// {"TotalCount": 0} or its own 404; any other 404 is an error.
//
// API: GET /PaymentTokens?countonly=1 (listPaymentTokens)
func (c *Client) Count(ctx context.Context) (int, error) {
	req, err := gen.NewListPaymentTokensRequest(c.server, &gen.ListPaymentTokensParams{Countonly: ptr[int32](1)})
	if err != nil {
		return 0, fmt.Errorf("paymenttokens: Count: %w", err)
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return 0, err
	}
	if empty, err := c.readOutcome(r); empty || err != nil {
		return 0, err
	}
	var count struct{ TotalCount *int32 } // gen.TokenCount, whose field is required
	if err := pipeline.DecodeObject(r, &count); err != nil {
		return 0, err
	}
	if count.TotalCount == nil || *count.TotalCount < 0 {
		return 0, r.ShapeError(`{"TotalCount": N}`, nil)
	}
	return int(*count.TotalCount), nil
}

// Get returns the token with this id; found is false, with no error, when
// the API answers its own 404. Any other 404, and an answer holding another
// token than the one asked for, is an error.
//
// API: GET /PaymentTokens/{id} (getPaymentToken)
func (c *Client) Get(ctx context.Context, id int32) (t PaymentToken, found bool, err error) {
	if err := checkID(id); err != nil {
		return t, false, fmt.Errorf("paymenttokens: Get: %w", err)
	}
	req, err := gen.NewGetPaymentTokenRequest(c.server, id)
	if err != nil {
		return t, false, fmt.Errorf("paymenttokens: Get: %w", err)
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return t, false, err
	}
	if empty, err := c.readOutcome(r); empty || err != nil {
		return t, false, err
	}
	tokens, err := decodeTokens(r)
	if err != nil {
		return t, false, err
	}
	if len(tokens) == 0 {
		return t, false, r.ShapeError("an array holding the token", fmt.Errorf("the array is empty"))
	}
	for _, tk := range tokens {
		if tk.PaymentTokenID == id {
			return tk, true, nil
		}
	}
	return t, false, r.ShapeError("an array holding the token", fmt.Errorf("none of its %d tokens has PaymentTokenID %d", len(tokens), id))
}

// Update sends t as the token with this id (t.PaymentTokenID is set to id).
// Send a whole token (see Bulk writes in the package doc); [Client.Modify]
// changes some fields safely. A missing id is an error matching [ErrNotFound].
//
// API: PUT /PaymentTokens/{id} (updatePaymentToken)
func (c *Client) Update(ctx context.Context, id int32, t PaymentToken) error {
	if err := checkID(id); err != nil {
		return fmt.Errorf("paymenttokens: Update: %w", err)
	}
	if err := checkToken(t); err != nil {
		return fmt.Errorf("paymenttokens: Update: %w", err)
	}
	t.PaymentTokenID = id
	req, err := gen.NewUpdatePaymentTokenRequest(c.server, id, t)
	if err != nil {
		return fmt.Errorf("paymenttokens: Update: %w", err)
	}
	return c.write(ctx, req)
}

// Delete removes the token with this id. A missing id is an error matching
// [ErrNotFound], save after an attempt that may have deleted it (see The 404
// rule in the package doc).
//
// API: DELETE /PaymentTokens/{id} (deletePaymentToken)
func (c *Client) Delete(ctx context.Context, id int32) error {
	if err := checkID(id); err != nil {
		return fmt.Errorf("paymenttokens: Delete: %w", err)
	}
	req, err := gen.NewDeletePaymentTokenRequest(c.server, id)
	if err != nil {
		return fmt.Errorf("paymenttokens: Delete: %w", err)
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return err
	}
	if r.OutcomeUnknown && isAPINotFound(r) {
		return nil
	}
	return c.checkWrite(r)
}

// write sends a single-token write and checks its answer.
func (c *Client) write(ctx context.Context, req *http.Request) error {
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return err
	}
	return c.checkWrite(r)
}

// checkWrite checks the answer to a single-token write and its envelope.
func (c *Client) checkWrite(r *pipeline.Reply) error {
	if r.Status == http.StatusNotFound {
		return c.notFoundError(r)
	}
	if !r.OK() {
		return c.newAPIError(r)
	}
	if len(r.Body) == 0 {
		return nil
	}
	results, err := c.decodeResults(r)
	if err != nil {
		return err
	}
	return c.checkResults(r, results)
}

func ptr[T any](v T) *T { return &v }
