package sandbox

import "github.com/shift4shop-go/paymenttokens/gen"

// SampleToken returns a valid token, distinct for each n, without an id:
// handy for seeding the sandbox and for writes in tests.
func SampleToken(n int32) gen.PaymentToken {
	return gen.PaymentToken{
		CustomerID:        n,
		OrderID:           1000 + n,
		CustomerProfileID: "cust-profile",
		PaymentProfileID:  "pay-profile",
		CardLast4:         42,
		CardExpMonth:      12,
		CardExpYear:       2030,
		GatewayName:       "Authorize.Net",
		GatewayID:         7,
	}
}
