package sandbox

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/gen/server"
)

// MaxLimit is the largest page the API serves for PaymentTokens.
const MaxLimit = 500

// errClosedMidCreate answers a create whose delay the server's Close cut short.
var errClosedMidCreate = errors.New("paymenttokens: sandbox: the server closed before the create was applied; nothing was stored")

// handlers implements server.StrictServerInterface over the store, answering
// as the real API does (see the README), or as Behaviour says.
type handlers struct {
	store      *store
	now        func() time.Time
	behaviour  Behaviour
	background *background

	creates        atomic.Int64 // creates handled, for GatewayTimeoutEvery
	appliedLate    atomic.Int64 // gateway-timed-out creates that landed
	notFoundServed atomic.Bool  // NotFoundOnceAt has fired
	shiftServed    atomic.Bool  // ShiftOnceAt has fired
}

var _ server.StrictServerInterface = (*handlers)(nil)

// stamp sets LastUpdate to the store's wall clock when the caller sent none.
func (h *handlers) stamp(t gen.PaymentToken) gen.PaymentToken {
	if t.LastUpdate.IsZero() {
		t.LastUpdate = api.DateTime{Time: h.now().UTC().Truncate(time.Minute)}
	}
	return t
}

// ListPaymentTokens answers the count, or a page; Behaviour may cap the
// page, answer one stray 404 or serve one page early.
func (h *handlers) ListPaymentTokens(_ context.Context, req server.ListPaymentTokensRequestObject) (server.ListPaymentTokensResponseObject, error) {
	p := req.Params
	if p.Countonly != nil && *p.Countonly == 1 {
		var out server.ListPaymentTokens200JSONResponse
		err := (*gen.ListResult)(&out).FromTokenCount(gen.TokenCount{TotalCount: int32(h.store.count())})
		return out, err
	}
	limit, offset := 10, 1
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	if p.Offset != nil && *p.Offset > 1 {
		offset = int(*p.Offset) // offset=0 is served as 1, as the API does
	}
	limit = min(limit, h.behaviour.pageCap())
	start := offset - 1
	switch {
	case firstAt(&h.notFoundServed, h.behaviour.NotFoundOnceAt, offset):
		return notFound, nil
	case firstAt(&h.shiftServed, h.behaviour.ShiftOnceAt, offset):
		start = max(0, start-h.behaviour.ShiftBy)
	}
	tokens, total := h.store.page(start, limit)
	switch {
	case total == 0:
		return notFound, nil
	case offset > total:
		return errorAnswer{http.StatusBadRequest, msgOffsetTooLarge}, nil
	}
	return tokenArray{tokens, h.behaviour}, nil
}

// firstAt reports whether a list request at offset is the first one at
// the offset at (0: never), marking served so that it fires once.
func firstAt(served *atomic.Bool, at, offset int) bool {
	return at > 0 && offset == at && served.CompareAndSwap(false, true)
}

// CreatePaymentToken stores the token, or under Behaviour.ArrayCreate the
// tokens of an array (refusing an array otherwise), after
// Behaviour.CreateDelay, even when the client has gone; every
// GatewayTimeoutEvery-th create request is answered 504 at once and its
// tokens land together ApplyLate later instead.
func (h *handlers) CreatePaymentToken(ctx context.Context, req server.CreatePaymentTokenRequestObject) (server.CreatePaymentTokenResponseObject, error) {
	tokens, array, err := createBody(*req.Body)
	if err != nil {
		return errorAnswer{http.StatusBadRequest, capMessage(err.Error())}, nil
	}
	if array && !h.behaviour.ArrayCreate {
		return errorAnswer{http.StatusBadRequest, msgOneToken}, nil
	}
	refused := refusalsIn(ctx)
	if every := int64(h.behaviour.GatewayTimeoutEvery); every > 0 && h.creates.Add(1)%every == 0 {
		h.background.start(func() {
			if h.background.sleep(h.behaviour.applyLate()) {
				h.createAll(tokens, refused)
				h.appliedLate.Add(int64(len(tokens) - len(refused)))
			}
		})
		return gatewayTimeout{}, nil
	}
	if !h.background.sleep(h.behaviour.CreateDelay) {
		return nil, errClosedMidCreate
	}
	results, failed := h.createAll(tokens, refused)
	switch {
	case !array:
		return server.CreatePaymentToken201JSONResponse(results), nil
	case failed:
		return server.CreatePaymentToken206JSONResponse(results), nil
	}
	return server.CreatePaymentToken200JSONResponse(results), nil
}

func (h *handlers) GetPaymentToken(_ context.Context, req server.GetPaymentTokenRequestObject) (server.GetPaymentTokenResponseObject, error) {
	t, ok := h.store.get(req.Id)
	if !ok {
		return notFound, nil
	}
	return tokenArray{[]gen.PaymentToken{t}, h.behaviour}, nil
}

func (h *handlers) UpdatePaymentToken(_ context.Context, req server.UpdatePaymentTokenRequestObject) (server.UpdatePaymentTokenResponseObject, error) {
	if !h.put(req.Id, *req.Body) {
		return notFound, nil
	}
	return server.UpdatePaymentToken200JSONResponse{writeResult(req.Id, 200, "updated successfully")}, nil
}

// put stores body as the token id, merged with the stored one under
// Behaviour.MergePUT; it reports false when there is no such token.
func (h *handlers) put(id int32, body gen.PaymentToken) bool {
	return h.store.update(id, func(stored gen.PaymentToken) gen.PaymentToken {
		if h.behaviour.MergePUT {
			body = keepStored(stored, body)
		}
		return h.stamp(body)
	})
}

// UpdatePaymentTokens answers 200 when every token was updated and 206 when
// any was not (each item then carries its own Status), in input order.
func (h *handlers) UpdatePaymentTokens(_ context.Context, req server.UpdatePaymentTokensRequestObject) (server.UpdatePaymentTokensResponseObject, error) {
	results := make(gen.WriteResults, len(*req.Body))
	failed := false
	for i, t := range *req.Body {
		if t.PaymentTokenID > 0 && h.put(t.PaymentTokenID, t) {
			results[i] = writeResult(t.PaymentTokenID, 200, "updated successfully")
			continue
		}
		failed = true
		results[i] = writeResult(t.PaymentTokenID, 404, msgNotFound)
	}
	if failed {
		return server.UpdatePaymentTokens206JSONResponse(results), nil
	}
	return server.UpdatePaymentTokens200JSONResponse(results), nil
}

func (h *handlers) DeletePaymentToken(_ context.Context, req server.DeletePaymentTokenRequestObject) (server.DeletePaymentTokenResponseObject, error) {
	if !h.store.remove(req.Id) {
		return notFound, nil
	}
	return server.DeletePaymentToken200JSONResponse{writeResult(req.Id, 200, "deleted successfully")}, nil
}
