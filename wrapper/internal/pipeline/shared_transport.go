package pipeline

import (
	"net"
	"net/http"
	"time"
)

// Sizing of the shared transport. Every client talks to the same API host,
// so the per-host idle pool is what decides whether a request reuses a
// connection or opens one (a TLS handshake in production).
const (
	// sharedIdlePerHost keeps one idle connection for each request in flight
	// of about a thousand stores at the API's pace; idle ones close after
	// sharedIdleTimeout, so a quiet process holds none.
	sharedIdlePerHost = 1024
	sharedIdleTimeout = 90 * time.Second
	sharedDialTimeout = 30 * time.Second
	sharedTLSTimeout  = 10 * time.Second
)

// SharedTransport is the transport of every Client created without
// WithHTTPClient: stores served by one process share its connections.
var SharedTransport = NewSharedTransport()

func NewSharedTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: sharedDialTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		OnProxyConnectResponse: refuseTunnel,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true, // one multiplexed connection where the server offers HTTP/2
		MaxIdleConns:           sharedIdlePerHost,
		MaxIdleConnsPerHost:    sharedIdlePerHost,
		IdleConnTimeout:        sharedIdleTimeout,
		TLSHandshakeTimeout:    sharedTLSTimeout,
		ExpectContinueTimeout:  time.Second,
	}
}
