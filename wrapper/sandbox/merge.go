package sandbox

import (
	"reflect"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// keepStored is body with every field it leaves at its zero value (0, "",
// a zero LastUpdate) taken from stored, as a store that merges a PUT
// keeps it. It walks the fields by reflection so that a field added to the
// spec is merged too.
func keepStored(stored, body gen.PaymentToken) gen.PaymentToken {
	from := reflect.ValueOf(stored)
	to := reflect.ValueOf(&body).Elem()
	for i := range to.NumField() {
		if isZero(to.Field(i)) {
			to.Field(i).Set(from.Field(i))
		}
	}
	return body
}

// isZero uses a field's own IsZero when it has one (a date's zero instant
// may carry a location), else the zero value of its type.
func isZero(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		return z.IsZero()
	}
	return v.IsZero()
}
