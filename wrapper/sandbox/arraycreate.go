package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// msgOneToken answers an array POST on a store without Behaviour.ArrayCreate.
const msgOneToken = "The request body must be one payment token, not an array."

// refusalsKey is the context key of the items an array create refused.
type refusalsKey struct{}

// refusedItems are the messages of the items of an array create that
// failed their own validation, by index.
type refusedItems map[int]string

// checkArrayItems validates each item of an array POST on the collection as
// the body of a single create, under Behaviour.ArrayCreate: an item that
// fails is replaced by an empty token in the body and its message is kept
// in r's context, so that the create refuses that item alone (206) and
// stores the others. Any other request, or a body that is not an array of
// JSON values, is returned as it came, for the whole-request validation.
func (s *Server) checkArrayItems(r *http.Request, body []byte) (*http.Request, []byte) {
	if !s.behaviour.ArrayCreate || r.Method != http.MethodPost || r.URL.Path != BasePath+"/PaymentTokens" {
		return r, body
	}
	var items []json.RawMessage
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) || json.Unmarshal(body, &items) != nil {
		return r, body
	}
	refused := refusedItems{}
	for i, item := range items {
		if _, err := s.validator.ValidateRequest(r.Context(), r, item); err != nil {
			refused[i] = capMessage(err.Error())
			items[i] = json.RawMessage(`{}`)
		}
	}
	if len(refused) == 0 {
		return r, body
	}
	rewritten, err := json.Marshal(items)
	if err != nil {
		return r, body // cannot happen: every item is valid JSON
	}
	return r.WithContext(context.WithValue(r.Context(), refusalsKey{}, refused)), rewritten
}

// refusalsIn returns what checkArrayItems refused for the request of ctx.
func refusalsIn(ctx context.Context) refusedItems {
	refused, _ := ctx.Value(refusalsKey{}).(refusedItems)
	return refused
}

// createBody reads a create's body: the tokens, and whether they came as an array.
func createBody(body gen.NewPaymentTokens) (tokens []gen.PaymentToken, array bool, err error) {
	raw, err := body.MarshalJSON()
	if err != nil {
		return nil, false, err
	}
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		tokens, err = body.AsPaymentTokenBatch()
		return tokens, true, err
	}
	t, err := body.AsPaymentToken()
	return []gen.PaymentToken{t}, false, err
}

// createAll stores the tokens the request did not refuse, each under a new
// id in input order, and returns one envelope item per token (listed as
// Behaviour.ArrayAnswer says); failed reports whether any was refused.
func (h *handlers) createAll(tokens []gen.PaymentToken, refused refusedItems) (results gen.WriteResults, failed bool) {
	keep := make([]gen.PaymentToken, 0, len(tokens))
	for i, t := range tokens {
		if _, ok := refused[i]; !ok {
			t.PaymentTokenID = 0 // the store assigns the id
			keep = append(keep, h.stamp(t))
		}
	}
	ids := h.store.insertAll(keep)
	results = make(gen.WriteResults, len(tokens))
	for i := range tokens {
		if msg, ok := refused[i]; ok {
			results[i] = writeResult(0, http.StatusBadRequest, msg)
			continue
		}
		results[i] = writeResult(ids[0], http.StatusCreated, "Created successfully")
		ids = ids[1:]
	}
	return h.behaviour.ArrayAnswer.list(results), len(refused) > 0
}

// list lists the items of an array create's answer as a says.
func (a ArrayAnswer) list(items gen.WriteResults) gen.WriteResults {
	n := len(items)
	switch {
	case n < 2:
		return items
	case a == AnswerReversed:
		slices.Reverse(items)
	case a == AnswerDropsLast:
		items = items[:n-1]
	case a == AnswerRepeatsFirst:
		items[n-1] = items[0]
	}
	return items
}
