package wrapper

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// errRedirectRefused marks a redirect that would carry the credentials
// elsewhere, or one past the limit of redirects.
var errRedirectRefused = errors.New("redirect refused")

// maxRedirects is how many same-host redirects one request follows.
const maxRedirects = 10

// guardRedirects refuses redirects to another host or from https to http:
// net/http copies custom headers such as PrivateKey and Token on redirect.
// The caller's own CheckRedirect still runs for redirects this allows.
func guardRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		from := via[0].URL
		if req.URL.Host != from.Host || (from.Scheme == "https" && req.URL.Scheme != "https") {
			return fmt.Errorf("%w: %s://%s redirected to %s://%s; following it would send the PrivateKey and Token to another host (check the base URL)",
				errRedirectRefused, from.Scheme, from.Host, req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d redirects", errRedirectRefused, maxRedirects)
		}
		return nil
	}
}

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
