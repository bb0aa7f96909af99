package wrapper

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// MaxLimit is the largest page (and batch) the API accepts for PaymentTokens.
const MaxLimit = 500

// MaxStringLen is the API's limit, in characters, on a token's string fields.
const MaxStringLen = 50

// checkID rejects ids the API cannot have, before any request.
func checkID(id int32) error {
	if id <= 0 {
		return fmt.Errorf("id %d is not a PaymentTokenID: ids start at 1", id)
	}
	return nil
}

// checkToken rejects string fields longer than the API stores, naming the
// field and its length but never its value, and a LastUpdate the spec's
// pattern refuses (a year outside 0001 to 9999: DateTime cannot encode it).
func checkToken(t PaymentToken) error {
	if _, err := t.LastUpdate.MarshalJSON(); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{
		{"CustomerProfileID", t.CustomerProfileID},
		{"PaymentProfileID", t.PaymentProfileID},
		{"GatewayName", t.GatewayName},
	} {
		if n := utf8.RuneCountInString(f.value); n > MaxStringLen {
			return fmt.Errorf("%s is %d characters long; the API stores at most %d", f.name, n, MaxStringLen)
		}
	}
	return nil
}

// checkListParams rejects a page the API would refuse.
func checkListParams(p ListParams) error {
	if p.Limit < 0 || p.Limit > MaxLimit {
		return fmt.Errorf("ListParams.Limit %d is out of range: want 1 to %d, or 0 for the API's default of 10", p.Limit, MaxLimit)
	}
	if p.Offset < 0 || p.Offset > math.MaxInt32 {
		return fmt.Errorf("ListParams.Offset %d is out of range: it is the 1-based record number to start at, or 0 for the first", p.Offset)
	}
	return nil
}
