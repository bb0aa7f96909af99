package tokenfile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// DefaultKey returns the fields that identify a token by default: the
// gateway and the gateway's customer and payment profile ids.
func DefaultKey() []string {
	return []string{"GatewayID", "CustomerProfileID", "PaymentProfileID"}
}

// ParseKey reads a comma-separated list of key fields, such as
// "GatewayID,PaymentProfileID", and checks it (see [CheckKey]).
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

// CheckKey checks key fields: each must be one of [FieldNames] (exact case),
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

// Key computes the natural key of tokens: the values of its fields.
type Key struct{ fields []field }

// NewKey checks names (nil for [DefaultKey]) and returns their Key.
func NewKey(names []string) (Key, error) {
	if names == nil {
		names = DefaultKey()
	}
	if err := CheckKey(names); err != nil {
		return Key{}, err
	}
	k := Key{}
	for _, n := range names {
		k.fields = append(k.fields, fieldByName[n])
	}
	return k, nil
}

// Of renders the key of t as FIELD=value pairs, strings quoted, which is
// unambiguous and readable in messages.
func (k Key) Of(t *wrapper.PaymentToken) string {
	var b strings.Builder
	for i, f := range k.fields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.name)
		b.WriteByte('=')
		if f.kind == kindString {
			b.WriteString(strconv.Quote(f.text(t)))
		} else {
			b.WriteString(f.text(t))
		}
	}
	return b.String()
}

// Uses reports whether the key has any of the named fields.
func (k Key) Uses(names ...string) bool {
	for _, f := range k.fields {
		if slices.Contains(names, f.name) {
			return true
		}
	}
	return false
}

// Names returns the key's fields, comma-separated.
func (k Key) Names() string {
	names := make([]string, len(k.fields))
	for i, f := range k.fields {
		names[i] = f.name
	}
	return strings.Join(names, ",")
}

// Compare calls differ, in the model's order, for each field in which a
// file token and a store token differ, with both values as a CSV cell
// holds them (before spreadsheet escaping), ignoring PaymentTokenID and
// LastUpdate, which the store assigns. A field empty in the file (or
// absent from it) is compared like any other: the file says the token has
// none.
func Compare(file, store *wrapper.PaymentToken, differ func(field, file, store string)) {
	for _, f := range fields {
		if f.name == "PaymentTokenID" || f.name == "LastUpdate" {
			continue
		}
		if a, b := f.text(file), f.text(store); a != b {
			differ(f.name, a, b)
		}
	}
}
