package pipeline

import (
	"errors"
	"fmt"
	"net/http"
)

// errRedirectRefused marks a redirect that would carry the credentials
// elsewhere, or one past the limit of redirects.
var errRedirectRefused = errors.New("redirect refused")

// maxRedirects is how many same-host redirects one request follows.
const maxRedirects = 10

// GuardRedirects refuses redirects of writes, and redirects to another host
// or from https to http: net/http copies custom headers such as PrivateKey
// and Token on redirect.
// The caller's own CheckRedirect still runs for redirects this allows.
func GuardRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if first := via[0]; first.Method != http.MethodGet {
			// net/http would turn a 301-303 into a GET and resend the body on
			// a 307/308: either way the answer would not be the write's own.
			return fmt.Errorf("%w: the %s was answered with a redirect to %s; a write is never followed elsewhere (check the base URL)",
				errRedirectRefused, first.Method, req.URL.Path)
		}
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
