package wrapper

import (
	"fmt"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/tokenjson"
)

// decodeTokens decodes the array of tokens that List and Get answer with
// the purpose-built decoder (see BENCHMARKS.md), refusing null, objects and
// anything that is not JSON like pipeline.DecodeArray.
func decodeTokens(r *pipeline.Reply) ([]PaymentToken, error) {
	body, err := r.ArrayBody()
	if err != nil {
		return nil, err
	}
	tokens, err := tokenjson.DecodeList(body)
	if err != nil {
		return nil, r.ShapeError("a JSON array", err)
	}
	for i, t := range tokens {
		if t.PaymentTokenID <= 0 { // null or {} items: no token the store could hold
			return nil, r.ShapeError("an array of tokens, each with its PaymentTokenID", fmt.Errorf("item %d has PaymentTokenID %d", i, t.PaymentTokenID))
		}
	}
	return tokens, nil
}
