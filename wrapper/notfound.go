package wrapper

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// The 404 rule is stated in doc.go.

// apiNotFoundMessage is the part of the API's own 404 message that reads
// recognize (compared without case, so "No payment token found" counts too).
const apiNotFoundMessage = "no payment token"

// apiPath is how the path of every base URL of the API ends.
const apiPath = "/3dCartWebAPI/v2"

// foreignNotFoundHint explains a 404 that is not the API's own, answered
// at base: the production URL when base is on the production host, else
// what is wrong with base, without repeating the request's path.
func foreignNotFoundHint(base *url.URL) string {
	const notOwn = "this 404 is not the API's own \"No payment tokens found.\": "
	switch {
	case strings.EqualFold(base.Host, defaultAPIHost):
		return notOwn + "the base URL is probably wrong (want " + DefaultBaseURL + ")"
	case !strings.HasSuffix(strings.ToLower(strings.TrimRight(base.Path, "/")), strings.ToLower(apiPath)):
		return notOwn + "the base URL is probably wrong: the API's (and the sandbox's) ends in " + apiPath
	}
	return notOwn + "the base URL is probably wrong: what answers at " + strings.ToLower(base.Host) + " is not the PaymentTokens API (another server, or a proxy)"
}

// isAPINotFound reports the API's own "nothing found": a 404 whose error
// array or object says no payment tokens were found, or a 404 without body.
func isAPINotFound(r *pipeline.Reply) bool {
	return r.Status == http.StatusNotFound && (len(bytes.TrimSpace(r.Body)) == 0 || apiSays(r, apiNotFoundMessage))
}

// isOffsetPastEnd recognizes the 400 the API answers to an offset past the
// last record.
func isOffsetPastEnd(r *pipeline.Reply) bool {
	return r.Status == http.StatusBadRequest && apiSays(r, "offset amount exceeds")
}

// apiSays reports whether the answer is in the API's JSON error shapes and
// one of its messages contains fragment (compared without case). A page
// that merely quotes the message (a proxy's) is not the API's answer.
func apiSays(r *pipeline.Reply, fragment string) bool {
	messages, _ := jsonMessages(bytes.TrimSpace(r.Body))
	for _, m := range messages {
		if strings.Contains(strings.ToLower(m), fragment) {
			return true
		}
	}
	return false
}

// notFoundError is the error for a 404: with a hint when it is not the API's own.
func (c *Client) notFoundError(r *pipeline.Reply) *APIError {
	err := c.newAPIError(r)
	if !isAPINotFound(r) {
		err.Hint = foreignNotFoundHint(c.cfg.baseURL)
	}
	return err
}

// readOutcome sorts the answer to a read: empty for the API's own "nothing
// found", an error for any other failure, neither for a success.
func (c *Client) readOutcome(r *pipeline.Reply) (empty bool, err error) {
	switch {
	case isAPINotFound(r):
		return true, nil
	case r.Status == http.StatusNotFound:
		return false, c.notFoundError(r)
	case !r.OK():
		return false, c.newAPIError(r)
	}
	return false, nil
}
