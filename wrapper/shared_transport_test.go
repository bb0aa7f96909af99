package wrapper

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// The connections this sharing saves are measured by
// TestManyStoresShareConnections in tests/bench.
func TestClientsShareOneTransportUnlessGivenAnHTTPClient(t *testing.T) {
	creds := Credentials{SecureURL: "https://store.example", PrivateKey: "k", Token: "t"}
	a, err := New(creds)
	require.NoError(t, err)
	b, err := New(creds, WithConcurrency(4))
	require.NoError(t, err)
	require.Same(t, pipeline.SharedTransport, a.pipe.HTTPClient().Transport)
	require.Same(t, pipeline.SharedTransport, b.pipe.HTTPClient().Transport)
	require.Equal(t, DefaultTimeout, a.pipe.HTTPClient().Timeout)

	own := &http.Transport{}
	hc := &http.Client{Transport: own}
	c, err := New(creds, WithHTTPClient(hc))
	require.NoError(t, err)
	require.Same(t, own, c.pipe.HTTPClient().Transport, "WithHTTPClient wins")
	require.Same(t, own, hc.Transport, "the caller's client is not mutated")
	require.Nil(t, hc.CheckRedirect, "the caller's client is not mutated")

	d, err := New(creds, WithHTTPClient(&http.Client{}))
	require.NoError(t, err)
	require.Nil(t, d.pipe.HTTPClient().Transport, "a client without a transport keeps net/http's default, as its owner asked")
}
