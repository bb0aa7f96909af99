package wrapper

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// errRedirectRefused marks a redirect that would carry the credentials elsewhere.
var errRedirectRefused = errors.New("redirect refused")

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
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
