package wrapper

import (
	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
)

// PaymentToken is the generated model; its JSON field names are the API's.
type PaymentToken = gen.PaymentToken

// DateTime is the type of PaymentToken.LastUpdate: it decodes every date
// form the API emits and encodes RFC 3339.
type DateTime = api.DateTime

// ListParams selects a page. Zero values mean the API's defaults (limit 10,
// offset 1); Offset is the API's 1-based record number.
type ListParams struct {
	Limit, Offset int
}

// Result is one item of the write envelope: the outcome for one token.
type Result struct {
	Key, Value string
	Status     int
	Message    string
}

// OK reports whether the item succeeded (a 2xx Status).
func (r Result) OK() bool { return r.Status >= 200 && r.Status < 300 }
