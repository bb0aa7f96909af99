package wrapper

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// The connections this sharing saves are measured by
// TestManyStoresShareConnections in tests/bench.
func TestClientsShareOneTransportUnlessGivenAnHTTPClient(t *testing.T) {
	creds := Credentials{SecureURL: "https://store.example", PrivateKey: "k", Token: "t"}
	a, err := New(creds)
	require.NoError(t, err)
	b, err := New(creds, WithConcurrency(4))
	require.NoError(t, err)
	require.Same(t, sharedTransport, a.http.Transport)
	require.Same(t, sharedTransport, b.http.Transport)
	require.Equal(t, DefaultTimeout, a.http.Timeout)

	own := &http.Transport{}
	hc := &http.Client{Transport: own}
	c, err := New(creds, WithHTTPClient(hc))
	require.NoError(t, err)
	require.Same(t, own, c.http.Transport, "WithHTTPClient wins")
	require.Same(t, own, hc.Transport, "the caller's client is not mutated")
	require.Nil(t, hc.CheckRedirect, "the caller's client is not mutated")

	d, err := New(creds, WithHTTPClient(&http.Client{}))
	require.NoError(t, err)
	require.Nil(t, d.http.Transport, "a client without a transport keeps net/http's default, as its owner asked")
}

func TestSharedTransportIsSizedForOneHost(t *testing.T) {
	tr := newSharedTransport()
	require.Equal(t, sharedIdlePerHost, tr.MaxIdleConnsPerHost)
	require.GreaterOrEqual(t, tr.MaxIdleConns, tr.MaxIdleConnsPerHost, "the total cap must not undercut the per-host one")
	require.Zero(t, tr.MaxConnsPerHost, "no cap on connections: requests never queue for one")
	require.True(t, tr.ForceAttemptHTTP2)
	require.NotNil(t, tr.Proxy, "proxies from the environment are honoured, as with http.DefaultTransport")
	require.Equal(t, sharedIdleTimeout, tr.IdleConnTimeout)
	require.Equal(t, sharedTLSTimeout, tr.TLSHandshakeTimeout)
}
