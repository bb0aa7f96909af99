package wrapper

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// RawAnswer is an answer as the API sent it, for tools that study the API
// itself (package wrapper/probe): no 404 rule, no decoding. Body may hold
// token data; Messages are safe to show.
type RawAnswer struct {
	// Status is the HTTP status of the last attempt.
	Status int
	// Header is the answer's header, as received.
	Header http.Header
	// Body is the answer's body, within the client's body caps.
	Body []byte
	// Messages are the messages of an error body (the API's error array, a
	// {"Message"} object, else its first 200 bytes), secrets masked; nil for a 2xx.
	Messages []string
	// Attempts is how many times the request was sent.
	Attempts int
}

// Raw sends one request to path (relative to the base URL, such as
// "PaymentTokens") with query and, when body is not nil, a JSON body, with
// the client's headers, pacing and retries. Any status is an answer, not an
// error; a transport failure is an error as for the other calls.
//
// API: any method on any path under the base URL.
func (c *Client) Raw(ctx context.Context, method, path string, query url.Values, body []byte) (*RawAnswer, error) {
	target := c.server + strings.TrimPrefix(path, "/")
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var req *http.Request
	var err error
	if body == nil {
		req, err = http.NewRequestWithContext(ctx, method, target, nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	}
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: Raw: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	r, err := c.pipe.Exchange(ctx, req)
	if err != nil {
		return nil, err
	}
	a := &RawAnswer{Status: r.Status, Header: r.Header, Body: r.Body, Attempts: r.Attempts}
	if !r.OK() {
		a.Messages = c.newAPIError(r).Messages
	}
	return a, nil
}
