package wrapper_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestStorePlacesMeetForEverySpellingOfOneStore(t *testing.T) {
	t.Parallel()
	places := func(secureURL, base string) []string {
		c, err := wrapper.New(wrapper.Credentials{SecureURL: secureURL, PrivateKey: testCreds.PrivateKey, Token: testCreds.Token}, wrapper.WithBaseURL(base))
		require.NoError(t, err)
		p := c.StorePlaces(t.Context())
		require.NotEmpty(t, p)
		return p
	}
	meet := func(a, b []string) bool {
		return slices.ContainsFunc(a, func(p string) bool { return slices.Contains(b, p) })
	}
	want := places("https://mystore.3dcartstores.com", "http://127.0.0.1:8080/3dCartWebAPI/v2")
	for _, spelling := range [][2]string{
		{"mystore.3dcartstores.com", "http://localhost:8080/3dCartWebAPI/v2"},
		{"HTTP://MyStore.3dcartstores.com.:80/", "http://[::ffff:127.0.0.1]:8080/3dcartwebapi/v2/"},
		{"mystore.3dcartstores.com:443", "http://[::1]:8080/3dCartWebAPI/x/..//v2"},
		{"mystore.3dcartstores.com", "https://LOCALHOST:8080/3dCartWebAPI/./v2"},
		{"mystore.3dcartstores.com", "http://127.0.0.2:8080/3dCartWebAPI/v2"}, // every loopback address is this machine
	} {
		assert.True(t, meet(want, places(spelling[0], spelling[1])), "%v", spelling)
	}
	for _, other := range [][2]string{
		{"otherstore.3dcartstores.com", "http://127.0.0.1:8080/3dCartWebAPI/v2"},
		{"mystore.3dcartstores.com:8443", "http://127.0.0.1:8080/3dCartWebAPI/v2"},
		{"mystore.3dcartstores.com", "http://127.0.0.1:8081/3dCartWebAPI/v2"},
		{"mystore.3dcartstores.com", "http://127.0.0.1:8080/3dCartWebAPI/v3"},
		{"mystore.3dcartstores.com", "https://192.0.2.1:8080/3dCartWebAPI/v2"}, // TEST-NET-1: not this machine
	} {
		assert.False(t, meet(want, places(other[0], other[1])), "%v", other)
	}
	assert.Equal(t, places("mystore.3dcartstores.com", "https://192.0.2.1/3dCartWebAPI/v2"),
		places("mystore.3dcartstores.com", "https://[::ffff:192.0.2.1]:443/3dCartWebAPI/v2"), "an IPv4-mapped address is its IPv4 address")
}
