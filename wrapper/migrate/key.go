package migrate

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultKey returns the fields that identify a token by default: the
// gateway and the gateway's customer and payment profile ids.
func DefaultKey() []string {
	return []string{"GatewayID", "CustomerProfileID", "PaymentProfileID"}
}

// ParseKey reads a comma-separated list of key fields, such as
// "GatewayID,PaymentProfileID", and checks it (see CheckKey).
func ParseKey(spec string) ([]string, error) {
	var fields []string
	for f := range strings.SplitSeq(spec, ",") {
		fields = append(fields, strings.TrimSpace(f))
	}
	if err := CheckKey(fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// CheckKey checks key fields: each must be one of FieldNames (exact case),
// none twice, and neither PaymentTokenID nor LastUpdate, which the target
// store assigns itself and so cannot match across stores.
func CheckKey(fields []string) error {
	if len(fields) == 0 {
		return fmt.Errorf("paymenttokens: the key has no fields; the default is %s", strings.Join(DefaultKey(), ","))
	}
	for i, name := range fields {
		if _, ok := fieldByName[name]; !ok {
			return fmt.Errorf("paymenttokens: key field %q is not a token field; choose among %s", name, strings.Join(FieldNames(), ", "))
		}
		if name == "PaymentTokenID" || name == "LastUpdate" {
			return fmt.Errorf("paymenttokens: key field %s is set by the target store, so it cannot identify a token across stores; choose other fields", name)
		}
		if slices.Contains(fields[:i], name) {
			return fmt.Errorf("paymenttokens: key field %s is given twice", name)
		}
	}
	return nil
}
