package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSharedTransportIsSizedForOneHost(t *testing.T) {
	tr := NewSharedTransport()
	require.Equal(t, sharedIdlePerHost, tr.MaxIdleConnsPerHost)
	require.GreaterOrEqual(t, tr.MaxIdleConns, tr.MaxIdleConnsPerHost, "the total cap must not undercut the per-host one")
	require.Zero(t, tr.MaxConnsPerHost, "no cap on connections: requests never queue for one")
	require.True(t, tr.ForceAttemptHTTP2)
	require.NotNil(t, tr.Proxy, "proxies from the environment are honoured, as with http.DefaultTransport")
	require.Equal(t, sharedIdleTimeout, tr.IdleConnTimeout)
	require.Equal(t, sharedTLSTimeout, tr.TLSHandshakeTimeout)
}
