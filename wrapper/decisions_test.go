package wrapper_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// idInSecrets are credentials that both hold the id 100001.
var idInSecrets = sandbox.Credentials{SecureURL: "https://store.example", PrivateKey: "pk-100001-7f3a", Token: "tk-9100001-c2"}

// storeAt100000 is a sandbox for idInSecrets holding token 100000, so that
// the next token created is 100001, and a client for it.
func storeAt100000(t *testing.T) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb, c := setupSandbox(t, []sandbox.Option{sandbox.WithCredentials(idInSecrets)})
	tk := token(1)
	tk.PaymentTokenID = 100000
	sb.Seed(tk)
	return sb, c
}

func TestACreateAnsweredWithAnIDInsideASecretSucceeds(t *testing.T) {
	t.Parallel()
	_, c := storeAt100000(t)
	id, err := c.Create(t.Context(), token(2))
	require.NoError(t, err, "the answer's Value 100001 is the new id, though the key holds it")
	assert.Equal(t, int32(100001), id)
}

func TestUpdateManyOfAnIDInsideASecretMasksItOnlyInTheError(t *testing.T) {
	t.Parallel()
	sb, c := storeAt100000(t)
	tk := token(3)
	tk.PaymentTokenID = 100001
	sb.Seed(tk)
	results, err := c.UpdateMany(t.Context(), []wrapper.PaymentToken{tk})
	require.NoError(t, err)
	assert.Equal(t, "100001", results[0].Value)

	require.NoError(t, c.Delete(t.Context(), 100001))
	results, err = c.UpdateMany(t.Context(), []wrapper.PaymentToken{tk})
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	assert.Equal(t, 404, results[0].Status)
	assert.Equal(t, "100001", results[0].Value, "the Result keeps the id")
	assert.NotContains(t, err.Error(), "100001", "the error masks what is a piece of a secret")
	assert.Contains(t, err.Error(), "(PaymentTokenID [redacted])")
}
