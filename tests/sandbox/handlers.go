package sandbox

import (
	"context"
	"net/http"
	"time"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/gen/server"
)

// MaxLimit is the largest page the API serves for PaymentTokens.
const MaxLimit = 500

// handlers implements server.StrictServerInterface over the store, answering
// as the real API does (see the README).
type handlers struct {
	store *store
	now   func() time.Time
}

var _ server.StrictServerInterface = (*handlers)(nil)

// stamp sets LastUpdate to the store's wall clock when the caller sent none.
func (h *handlers) stamp(t gen.PaymentToken) gen.PaymentToken {
	if t.LastUpdate.IsZero() {
		t.LastUpdate = api.DateTime{Time: h.now().UTC().Truncate(time.Minute)}
	}
	return t
}

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
	tokens, total := h.store.page(offset-1, limit)
	switch {
	case total == 0:
		return notFound, nil
	case offset > total:
		return errorAnswer{http.StatusBadRequest, msgOffsetTooLarge}, nil
	}
	return tokenArray(tokens), nil
}

func (h *handlers) CreatePaymentToken(_ context.Context, req server.CreatePaymentTokenRequestObject) (server.CreatePaymentTokenResponseObject, error) {
	t := h.stamp(*req.Body)
	t.PaymentTokenID = 0 // the store assigns the id
	id := h.store.insert(t)
	return server.CreatePaymentToken201JSONResponse{writeResult(id, 201, "Created successfully")}, nil
}

func (h *handlers) GetPaymentToken(_ context.Context, req server.GetPaymentTokenRequestObject) (server.GetPaymentTokenResponseObject, error) {
	t, ok := h.store.get(req.Id)
	if !ok {
		return notFound, nil
	}
	return tokenArray{t}, nil
}

func (h *handlers) UpdatePaymentToken(_ context.Context, req server.UpdatePaymentTokenRequestObject) (server.UpdatePaymentTokenResponseObject, error) {
	if !h.store.replace(req.Id, h.stamp(*req.Body)) {
		return notFound, nil
	}
	return server.UpdatePaymentToken200JSONResponse{writeResult(req.Id, 200, "updated successfully")}, nil
}

// UpdatePaymentTokens answers 200 when every token was updated and 206 when
// any was not (each item then carries its own Status), in input order.
func (h *handlers) UpdatePaymentTokens(_ context.Context, req server.UpdatePaymentTokensRequestObject) (server.UpdatePaymentTokensResponseObject, error) {
	results := make(gen.WriteResults, len(*req.Body))
	failed := false
	for i, t := range *req.Body {
		if t.PaymentTokenID > 0 && h.store.replace(t.PaymentTokenID, h.stamp(t)) {
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
