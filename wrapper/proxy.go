package wrapper

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// checkProxy refuses a plain-http proxy on another machine: the proxy would
// see the connection in clear text. An https proxy, or a proxy on this
// machine, is allowed.
func checkProxy(hc *http.Client, base *url.URL) error {
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
	if proxyURL != nil && proxyURL.Scheme == "http" && !isLoopback(proxyURL.Hostname()) {
		return fmt.Errorf("paymenttokens: New: the proxy http://%s is plain http on another machine; use an https:// proxy URL or a proxy on this machine, so that no credential crosses the network in clear text", proxyURL.Host)
	}
	return nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
