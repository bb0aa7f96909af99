package wrapper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestStoreDigestIdentifiesTheStore(t *testing.T) {
	t.Parallel()
	digest := func(secureURL string, opts ...wrapper.Option) string {
		c, err := wrapper.New(wrapper.Credentials{SecureURL: secureURL, PrivateKey: testCreds.PrivateKey, Token: testCreds.Token}, opts...)
		require.NoError(t, err)
		return c.StoreDigest()
	}
	sum := sha256.Sum256([]byte("https://mystore.3dcartstores.com\n" + wrapper.DefaultBaseURL))
	want := hex.EncodeToString(sum[:16])
	for _, spelling := range []string{
		"https://mystore.3dcartstores.com",
		"mystore.3dcartstores.com",
		"HTTPS://MyStore.3dcartstores.com/",
		"https://mystore.3dcartstores.com:443",
	} {
		assert.Equal(t, want, digest(spelling), spelling)
	}
	for _, base := range []string{wrapper.DefaultBaseURL + "/", wrapper.DefaultBaseURL + "/.", "https://apirest.3dcart.com/3dCartWebAPI/x/../v2"} {
		assert.Equal(t, want, digest("mystore.3dcartstores.com", wrapper.WithBaseURL(base)), base)
	}
	assert.NotEqual(t, want, digest("otherstore.3dcartstores.com"))
	assert.NotEqual(t, want, digest("mystore.3dcartstores.com", wrapper.WithBaseURL("https://apirest.3dcart.com/3dCartWebAPI/v3")))
	other, err := wrapper.New(wrapper.Credentials{SecureURL: "mystore.3dcartstores.com", PrivateKey: "another-key", Token: "another-token"})
	require.NoError(t, err)
	assert.Equal(t, want, other.StoreDigest(), "no secret goes into the digest")
}

func TestStoreNameIsTheSecureURLsHostAndANonDefaultAPIsHost(t *testing.T) {
	t.Parallel()
	name := func(secureURL string, opts ...wrapper.Option) string {
		c, err := wrapper.New(wrapper.Credentials{SecureURL: secureURL, PrivateKey: testCreds.PrivateKey, Token: testCreds.Token}, opts...)
		require.NoError(t, err)
		return c.StoreName()
	}
	assert.Equal(t, "mystore.3dcartstores.com", name("HTTPS://MyStore.3dcartstores.com:443/path"))
	assert.Equal(t, "mystore.3dcartstores.com", name("mystore.3dcartstores.com", wrapper.WithBaseURL("https://APIREST.3dcart.com/3dCartWebAPI/v2")))
	assert.Equal(t, "mystore.3dcartstores.com at 127.0.0.1:8080", name("mystore.3dcartstores.com", wrapper.WithBaseURL("http://user:pass-secret@127.0.0.1:8080/3dCartWebAPI/v2")),
		"the API's host and port, never its user information")
}
