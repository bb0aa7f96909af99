package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// hostileCreds are credentials whose Token starts with the PrivateKey and
// whose characters change under JSON, HTML and URL escaping.
var hostileCreds = wrapper.Credentials{
	SecureURL:  "https://store.example",
	PrivateKey: `pk<&>"q'/x+y%z=Key7f3a`,
	Token:      `pk<&>"q'/x+y%z=Key7f3a-Tok91c2`,
}

// renderings prints every error, and every error it wraps, every way a
// program might: %v, %+v, %#v, Error(), and the fields of the library's
// error types.
func renderings(errs []error) string {
	var out strings.Builder
	for _, err := range chains(errs) {
		fmt.Fprintf(&out, "%v\n%+v\n%#v\n%s\n", err, err, err, err.Error())
		var apiErr *wrapper.APIError
		if errors.As(err, &apiErr) {
			fmt.Fprintf(&out, "%v %+v %#v\n", *apiErr, *apiErr, *apiErr)
		}
		var batchErr *wrapper.BatchError
		if errors.As(err, &batchErr) {
			fmt.Fprintf(&out, "%v %+v %#v\n", *batchErr, *batchErr, *batchErr)
		}
	}
	return out.String()
}

// chains lists errs and every error they wrap, however deep.
func chains(errs []error) []error {
	var out []error
	for len(errs) > 0 {
		err := errs[0]
		errs = errs[1:]
		if err == nil {
			continue
		}
		out = append(out, err)
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			errs = append(errs, u.Unwrap())
		case interface{ Unwrap() []error }:
			errs = append(errs, u.Unwrap()...)
		}
	}
	return out
}

// leakedPiece returns a secret, or a piece of one of 6 or more bytes, found
// in text (in any letter case, NUL bytes dropped) but not in allowed (what
// the answer held by chance), or "".
func leakedPiece(text, allowed string, secrets ...string) string {
	text = strings.ToLower(strings.ReplaceAll(text, "\x00", ""))
	allowed = strings.ToLower(allowed)
	for _, s := range secrets {
		s = strings.ToLower(s)
		for i := 0; i+6 <= len(s); i++ {
			if piece := s[i : i+6]; strings.Contains(text, piece) && !strings.Contains(allowed, piece) {
				return piece
			}
		}
	}
	return ""
}

// roundTripFunc answers requests in memory.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// answering is a client whose every request gets status and body.
func answering(t testing.TB, creds wrapper.Credentials, status int, body string, opts ...wrapper.Option) *wrapper.Client {
	t.Helper()
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: -1, Request: r}, nil
	})
	base := []wrapper.Option{wrapper.WithBaseURL("https://api.example" + contract.BasePath), wrapper.WithHTTPClient(&http.Client{Transport: rt}),
		wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(1), wrapper.WithWaitFunc(noWait)}
	c, err := wrapper.New(creds, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// everyCall runs every method once and returns their errors.
func everyCall(ctx context.Context, c *wrapper.Client) []error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	_, err := c.Create(ctx, token(1))
	add(err)
	_, err = c.List(ctx, wrapper.ListParams{})
	add(err)
	_, err = c.Count(ctx)
	add(err)
	_, _, err = c.Get(ctx, 1)
	add(err)
	add(c.Update(ctx, 1, token(1)))
	add(c.Modify(ctx, 1, func(*wrapper.PaymentToken) error { return nil }))
	_, err = c.UpdateMany(ctx, []wrapper.PaymentToken{{PaymentTokenID: 1}, {PaymentTokenID: 2}})
	add(err)
	add(c.Delete(ctx, 1))
	for _, err := range c.All(ctx) {
		add(err)
	}
	return errs
}
