package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
)

// vendorDateLayout is how the API emits LastUpdate: MM/dd/yyyy HH:mm.
const vendorDateLayout = "01/02/2006 15:04"

// Messages the real API answers with.
const (
	msgNotFound       = "No payment tokens found."
	msgOffsetTooLarge = "Offset amount exceeds the total number of records"
	msgUnauthorized   = "Authentication failure. The PrivateKey/Token/SecureURL combination is invalid."
	msgRateLimited    = "Too many requests. The rate limit was exceeded; retry after the Retry-After delay."
)

// wireToken is a PaymentToken as the API emits it: LastUpdate in the vendor's
// zone-less MM/dd/yyyy HH:mm form (the outer field shadows the embedded one).
type wireToken struct {
	gen.PaymentToken
	LastUpdate string `json:"LastUpdate"`
}

// vendorDate renders d as the API does: in b.DateLayout (the API's when
// empty), as the wall clock of the store's zone, UTC unless b.StoreOffset
// says otherwise (the wrapper reads a zone-less date as UTC, so in UTC the
// instant survives, to the minute); a missing date reads
// 0001-01-01T00:00:00.
func vendorDate(d api.DateTime, b Behaviour) string {
	if d.IsZero() {
		return "0001-01-01T00:00:00"
	}
	layout := b.DateLayout
	if layout == "" {
		layout = vendorDateLayout
	}
	return d.UTC().Add(b.StoreOffset).Format(layout)
}

// tokenArray is a 200 answer holding tokens, for the list and for get by
// id, with LastUpdate as the behaviour says (see vendorDate).
type tokenArray struct {
	tokens []gen.PaymentToken
	dates  Behaviour
}

func (a tokenArray) write(w http.ResponseWriter) error {
	out := make([]wireToken, len(a.tokens))
	for i, t := range a.tokens {
		out[i] = wireToken{PaymentToken: t, LastUpdate: vendorDate(t.LastUpdate, a.dates)}
	}
	return writeJSON(w, http.StatusOK, out)
}

// VisitListPaymentTokensResponse implements server.ListPaymentTokensResponseObject.
func (a tokenArray) VisitListPaymentTokensResponse(w http.ResponseWriter) error { return a.write(w) }

// VisitGetPaymentTokenResponse implements server.GetPaymentTokenResponseObject.
func (a tokenArray) VisitGetPaymentTokenResponse(w http.ResponseWriter) error { return a.write(w) }

// writeResult is one item of the write envelope.
func writeResult(id int32, status int, message string) gen.WriteResult {
	return gen.WriteResult{
		Key:     "PaymentTokenID",
		Value:   api.StringOrNumber(strconv.Itoa(int(id))),
		Status:  api.IntString(status),
		Message: message,
	}
}

// errorList is the API's error array with one item.
func errorList(status int, message string) gen.ErrorList {
	return gen.ErrorList{{Key: "Error", Status: api.IntString(status), Message: message}}
}

// writeError answers status with the API's error array.
func writeError(w http.ResponseWriter, status int, message string) {
	_ = writeJSON(w, status, errorList(status, message))
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// errorAnswer is an error array answer for any operation. The generated
// response types for shared ($ref) error responses encode as an object
// wrapping the array (an oapi-codegen strict-server defect that the
// contract tests caught), so the sandbox writes its own.
type errorAnswer struct {
	status  int
	message string
}

func (e errorAnswer) write(w http.ResponseWriter) error {
	return writeJSON(w, e.status, errorList(e.status, e.message))
}

// VisitListPaymentTokensResponse implements server.ListPaymentTokensResponseObject.
func (e errorAnswer) VisitListPaymentTokensResponse(w http.ResponseWriter) error { return e.write(w) }

// VisitCreatePaymentTokenResponse implements server.CreatePaymentTokenResponseObject.
func (e errorAnswer) VisitCreatePaymentTokenResponse(w http.ResponseWriter) error { return e.write(w) }

// VisitGetPaymentTokenResponse implements server.GetPaymentTokenResponseObject.
func (e errorAnswer) VisitGetPaymentTokenResponse(w http.ResponseWriter) error { return e.write(w) }

// VisitUpdatePaymentTokenResponse implements server.UpdatePaymentTokenResponseObject.
func (e errorAnswer) VisitUpdatePaymentTokenResponse(w http.ResponseWriter) error { return e.write(w) }

// VisitDeletePaymentTokenResponse implements server.DeletePaymentTokenResponseObject.
func (e errorAnswer) VisitDeletePaymentTokenResponse(w http.ResponseWriter) error { return e.write(w) }

var notFound = errorAnswer{http.StatusNotFound, msgNotFound}
