package migrate

import (
	"crypto/sha256"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// keyDigest is a key's fixed-size fingerprint: what the import keeps per
// key, and what the journal records instead of the key's card data.
type keyDigest [16]byte

func digestOf(key string) keyDigest {
	sum := sha256.Sum256([]byte(key))
	return keyDigest(sum[:16])
}

// compare returns the fields in which a file token and a store token
// differ ([tokenfile.Compare]). It is the one comparison of Diff and
// Import: what Diff calls differing is what Import reports as differing
// and, with Update, rewrites (see ImportOptions.Update for a store that
// keeps what a PUT leaves empty).
func compare(file, store *wrapper.PaymentToken) []FieldDiff {
	var out []FieldDiff
	tokenfile.Compare(file, store, func(field, a, b string) {
		out = append(out, FieldDiff{Field: field, File: a, Store: b})
	})
	return out
}
