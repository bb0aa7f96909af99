package probe

import (
	"crypto/rand"
	"encoding/hex"
	"reflect"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// Marker is what every probe token's PaymentProfileID starts with, followed
// by 16 random hex digits: a gateway's token never looks like it, so a
// probe token cannot collide with real data, and is recognisable in a store.
const Marker = "paymenttokens-probe-"

// probeName is the CustomerProfileID and GatewayName of a probe token.
const probeName = "paymenttokens-probe"

// newKey returns a new probe token key.
func newKey() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return Marker + hex.EncodeToString(b[:])
}

// probeToken is the token the probe creates under key. It sets no id of
// another record (CustomerID, OrderID, GatewayID, BillingPaymentMethodID):
// a probe token must not be attached to a real customer or order. The card
// fields are made up.
func probeToken(key string) wrapper.PaymentToken {
	return wrapper.PaymentToken{
		PaymentProfileID:  key,
		CustomerProfileID: probeName,
		GatewayName:       probeName,
		CardLast4:         1,
		CardExpMonth:      12,
		CardExpYear:       2099,
	}
}

// fieldsLost names the fields sent non-zero in sent that got does not hold
// as sent (PaymentTokenID and LastUpdate aside: the store assigns them).
func fieldsLost(sent, got wrapper.PaymentToken) []string {
	var lost []string
	s, g := reflect.ValueOf(sent), reflect.ValueOf(got)
	for i := range s.NumField() {
		name := s.Type().Field(i).Name
		if name == "PaymentTokenID" || name == "LastUpdate" || s.Field(i).IsZero() {
			continue
		}
		if !s.Field(i).Equal(g.Field(i)) {
			lost = append(lost, name)
		}
	}
	return lost
}

// zeroFields names the fields of t at their zero value among names.
func zeroFields(t wrapper.PaymentToken, names []string) []string {
	var zero []string
	v := reflect.ValueOf(t)
	for _, n := range names {
		if v.FieldByName(n).IsZero() {
			zero = append(zero, n)
		}
	}
	return zero
}

// joinAnd joins words as "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
