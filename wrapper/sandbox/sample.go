package sandbox

import (
	"fmt"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// SampleToken returns a valid token without an id, distinct for each n and
// with a key of its own (its PaymentProfileID is "pay-profile-n"), so that
// a store seeded with it can be exported and migrated: handy for seeding
// the sandbox and for writes in tests.
func SampleToken(n int32) gen.PaymentToken {
	return gen.PaymentToken{
		CustomerID:        n,
		OrderID:           1000 + n,
		CustomerProfileID: "cust-profile",
		PaymentProfileID:  fmt.Sprintf("pay-profile-%d", n),
		CardLast4:         42,
		CardExpMonth:      12,
		CardExpYear:       2030,
		GatewayName:       "Authorize.Net",
		GatewayID:         7,
	}
}
