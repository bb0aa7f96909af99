package wrapper_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestErrorStatusesAndBodyShapes(t *testing.T) {
	t.Parallel()
	html := "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
	for name, tc := range map[string]struct {
		status   int
		body     string
		messages []string
		sentinel error
	}{
		"array 401":       {401, `[{"Key":"Error","Status":"401","Message":"Authentication failure."}]`, []string{"Authentication failure."}, wrapper.ErrUnauthorized},
		"array 429":       {429, `[{"Key":"Error","Status":"429","Message":"slow down"}]`, []string{"slow down"}, wrapper.ErrRateLimited},
		"array 400":       {400, `[{"Key":"Error","Status":"400","Message":"bad"},{"Key":"Error","Status":"400","Message":"worse"}]`, []string{"bad", "worse"}, wrapper.ErrBadRequest},
		"numeric status":  {400, `[{"Key":"Error","Status":400,"Message":"numeric"}]`, []string{"numeric"}, wrapper.ErrBadRequest},
		"object":          {500, `{"Message":"An error has occurred."}`, []string{"An error has occurred."}, nil},
		"empty":           {500, ``, nil, nil},
		"html":            {502, html, []string{`gateway page "502 Bad Gateway"`}, nil},
		"untitled html":   {502, "<html><body>Bad</body></html>", []string{"gateway page without a title"}, nil},
		"text lines":      {503, "Service Unavailable\nretry later\n", []string{"Service Unavailable"}, nil},
		"415 array":       {415, `[{"Key":"Error","Status":"415","Message":"Unsupported media type"}]`, []string{"Unsupported media type"}, nil},
		"404 on a write":  {404, `[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`, []string{"No payment tokens found."}, wrapper.ErrNotFound},
		"empty 404 write": {404, ``, nil, wrapper.ErrNotFound},
		"long text":       {503, strings.Repeat("x", 500), []string{strings.Repeat("x", 200)}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t)
			mux.HandleFunc("DELETE /3dCartWebAPI/v2/PaymentTokens/7", respond(tc.status, tc.body))
			err := c.Delete(t.Context(), 7)
			var apiErr *wrapper.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, http.MethodDelete, apiErr.Method)
			assert.Equal(t, "/3dCartWebAPI/v2/PaymentTokens/7", apiErr.Path)
			assert.Equal(t, tc.messages, apiErr.Messages)
			assert.Equal(t, tc.body[:min(len(tc.body), 1024)], apiErr.Body)
			assert.Equal(t, 1, apiErr.Attempts)
			for _, s := range []error{wrapper.ErrNotFound, wrapper.ErrUnauthorized, wrapper.ErrRateLimited, wrapper.ErrBadRequest} {
				assert.Equal(t, s == tc.sentinel, errors.Is(err, s), "errors.Is(%v)", s)
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	t.Parallel()
	err := &wrapper.APIError{StatusCode: 503, Method: "GET", Path: "/3dCartWebAPI/v2/PaymentTokens", Messages: []string{"down"}, Attempts: 4}
	assert.Equal(t, "paymenttokens: GET /3dCartWebAPI/v2/PaymentTokens: 503 Service Unavailable: down (after 4 attempts)", err.Error())
}

func TestEnvelopeItemFailureOnA200Write(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/7", respond(200, `[{"Key":"PaymentTokenID","Value":"7","Status":"404","Message":"No payment tokens found."}]`))
	err := c.Update(t.Context(), 7, token(1))
	require.ErrorIs(t, err, wrapper.ErrNotFound)
}

func TestAnHTMLErrorBodysControlCharactersAreEscapedInTheErrorText(t *testing.T) {
	t.Parallel()
	page := "<html>\r\n<title>\x1b]0;pwned\a\x1b[2JBad Gateway</title>\n</html>"
	mux, c := setup(t)
	mux.HandleFunc("DELETE /3dCartWebAPI/v2/PaymentTokens/7", respond(502, page))
	err := c.Delete(t.Context(), 7)
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, page, apiErr.Body, "the body stays as sent")
	assert.Equal(t, []string{"gateway page \"\x1b]0;pwned\a\x1b[2JBad Gateway\""}, apiErr.Messages, "the page is named by its title, as sent")
	want := `paymenttokens: DELETE /3dCartWebAPI/v2/PaymentTokens/7: 502 Bad Gateway: gateway page "\x1b]0;pwned\a\x1b[2JBad Gateway"`
	assert.True(t, strings.HasPrefix(err.Error(), want+";"), err.Error())
}
