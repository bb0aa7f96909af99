package wrapper

import (
	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
)

// PaymentToken is a stored payment gateway token: the generated model
// gen.PaymentToken, whose JSON field names are the API's. Its fields (see
// `go doc github.com/shift4shop-go/paymenttokens/gen.PaymentToken` for each
// one's description, taken from api/openapi.yaml):
//
//	PaymentTokenID          int32     the store's id of the token, assigned on create
//	CustomerID, OrderID     int32     the customer it belongs to, the order it was obtained with
//	CustomerProfileID       string    the gateway's id of the customer profile (at most 50 characters)
//	PaymentProfileID        string    the gateway's id of the payment profile: the token itself (at most 50)
//	CardLast4               int32     the card's last four digits as a number (0042 is 42)
//	CardExpMonth, CardExpYear int32   the card's expiry
//	BillingPaymentMethodID  int32     the store's payment method used for billing
//	LastUpdate              DateTime  when the token last changed (set by the store)
//	GatewayName             string    the gateway that issued the token (at most 50)
//	GatewayID               int32     the store's id of that gateway
//
// A field at its zero value is not sent.
type PaymentToken = gen.PaymentToken

// DateTime is the type of PaymentToken.LastUpdate: it decodes every date
// form the API emits and encodes RFC 3339.
type DateTime = api.DateTime

// ListParams selects a page. Zero values mean the API's defaults. The next
// page starts at Offset plus the number of tokens this one held, which may
// be fewer than Limit (see [Client.List]).
type ListParams struct {
	// Limit is the page size, 1 to [MaxLimit]; 0 means the API's default of 10.
	Limit int
	// Offset is the API's 1-based record number to start at; 0 means the first.
	Offset int
}

// Result is one item of the write envelope: the outcome for one token.
type Result struct {
	// Key names the id field: "PaymentTokenID".
	Key string
	// Value is the token's id as text, as the API sent it: never masked, so
	// that it can be matched (errors quoting it mask the secrets instead).
	Value string
	// Status is the item's HTTP status: 2xx succeeded; a 4xx is the API's
	// refusal of this token (in its 206, or found by splitting a refused
	// batch); 0 means the token was not written (or its outcome is unknown),
	// because its batch failed.
	Status int
	// Message is the API's text for the item, or why it was not written.
	Message string
	// OutcomeUnknown is set, with Status 0, when the token's batch may have
	// written it all the same ([ErrOutcomeUnknown]).
	OutcomeUnknown bool
}

// OK reports whether the item succeeded (a 2xx Status).
func (r Result) OK() bool { return r.Status >= 200 && r.Status < 300 }
