package pipeline

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// CheckProxy refuses a plain-http API URL (allowed for loopback only) sent
// through a plain-http proxy on another machine: that proxy would read the
// request, the PrivateKey and Token headers included, in clear text. An
// https API through any proxy is allowed: the client opens a tunnel with
// CONNECT, and the headers travel inside TLS end to end.
func CheckProxy(hc *http.Client, base *url.URL) error {
	if base.Scheme != "http" {
		return nil
	}
	proxy := http.ProxyFromEnvironment // what a nil Transport (http.DefaultTransport) uses
	if t, ok := hc.Transport.(*http.Transport); ok {
		proxy = t.Proxy
	} else if hc.Transport != nil {
		return nil // a RoundTripper of the caller's own: its proxying is its business
	}
	if proxy == nil {
		return nil
	}
	proxyURL, err := proxy(&http.Request{Method: http.MethodGet, URL: base, Header: http.Header{}})
	if err != nil {
		return fmt.Errorf("paymenttokens: New: the HTTP client's proxy setting is invalid: %w", err)
	}
	if proxyURL != nil && proxyURL.Scheme == "http" && !IsLoopback(proxyURL.Hostname()) {
		return fmt.Errorf("paymenttokens: New: the plain-http API URL %s would go through the proxy http://%s on another machine in clear text; use an https API URL (the proxy then tunnels it), an https:// proxy URL or a proxy on this machine", base, proxyURL.Host)
	}
	return nil
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// proxyRefusedError is a proxy's refusal to open a tunnel to the API (its
// answer to CONNECT was not 200): nothing was sent to the API.
type proxyRefusedError struct {
	proxy, status string
}

func (e *proxyRefusedError) Error() string {
	return fmt.Sprintf("the proxy %s refused the tunnel to the API: %s", e.proxy, e.status)
}

// refuseTunnel is the shared transport's OnProxyConnectResponse: it types a
// refused CONNECT, which net/http reports with its status text alone.
func refuseTunnel(_ context.Context, proxy *url.URL, _ *http.Request, resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return &proxyRefusedError{proxy: proxy.Host, status: resp.Status}
}
