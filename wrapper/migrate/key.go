package migrate

import (
	"crypto/sha256"
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

// keyer computes the natural key of tokens.
type keyer struct{ fields []field }

// newKeyer checks names (nil for the default) and returns their keyer.
func newKeyer(names []string) (keyer, error) {
	if names == nil {
		names = DefaultKey()
	}
	if err := CheckKey(names); err != nil {
		return keyer{}, err
	}
	k := keyer{}
	for _, n := range names {
		k.fields = append(k.fields, fieldByName[n])
	}
	return k, nil
}

// of renders the key of t as FIELD=value pairs, strings quoted, which is
// unambiguous and readable in messages.
func (k keyer) of(t *wrapper.PaymentToken) string {
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

// uses reports whether the key has any of the named fields.
func (k keyer) uses(names []string) bool {
	for _, f := range k.fields {
		if slices.Contains(names, f.name) {
			return true
		}
	}
	return false
}

// keyDigest is a key's fixed-size fingerprint: what the import keeps per
// key, and what the journal records instead of the key's card data.
type keyDigest [16]byte

func digestOf(key string) keyDigest {
	sum := sha256.Sum256([]byte(key))
	return keyDigest(sum[:16])
}

// compare returns the fields in which a file token and a store token
// differ, ignoring PaymentTokenID and LastUpdate, which the store assigns.
// It is the one comparison of Diff and Import: what Diff calls differing is
// what Import reports as differing and, with Update, rewrites. A field
// empty in the file (or absent from it) is compared like any other: the
// file says the token has none, and an update sends the file's whole token
// (see ImportOptions.Update for a store that keeps what a PUT leaves empty).
func compare(file, store *wrapper.PaymentToken) []FieldDiff {
	var out []FieldDiff
	for _, f := range fields {
		if f.name == "PaymentTokenID" || f.name == "LastUpdate" {
			continue
		}
		if a, b := f.text(file), f.text(store); a != b {
			out = append(out, FieldDiff{Field: f.name, File: a, Store: b})
		}
	}
	return out
}
