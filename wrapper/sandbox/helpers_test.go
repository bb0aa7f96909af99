package sandbox_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// setup starts a sandbox and a generated client whose every exchange is
// validated against the spec.
func setup(t *testing.T, opts ...sandbox.Option) (*sandbox.Server, *gen.ClientWithResponses) {
	t.Helper()
	sb := newSandbox(t, opts...)
	t.Cleanup(sb.Close)
	return sb, newGenClient(t, sb.URL(), sb.Credentials())
}

// newGenClient makes a generated client for url sending creds, with every
// exchange validated against the spec.
func newGenClient(t *testing.T, url string, creds sandbox.Credentials) *gen.ClientWithResponses {
	t.Helper()
	hc, err := contract.NewHTTPClient(t)
	require.NoError(t, err)
	client, err := gen.NewClientWithResponses(url, gen.WithHTTPClient(hc), gen.WithRequestEditorFn(authEditor(creds)))
	require.NoError(t, err)
	return client
}

func authEditor(c sandbox.Credentials) gen.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("SecureURL", c.SecureURL)
		r.Header.Set("PrivateKey", c.PrivateKey)
		r.Header.Set("Token", c.Token)
		return nil
	}
}

// raw sends a request without validation, for requests that break the spec on purpose.
func raw(t *testing.T, sb *sandbox.Server, method, path, contentType, body string, creds sandbox.Credentials) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, sb.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	require.NoError(t, authEditor(creds)(t.Context(), req))
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	resp, err := (&http.Client{Transport: transport}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(b)
}

// sendRaw dials the host of serverURL and writes an HTTP/1.1 request line
// for method and target, the three auth headers, the extra header lines
// (each ending in CRLF), and body as is, which may break its own headers'
// promises. The connection closes when the test ends.
func sendRaw(t *testing.T, serverURL string, creds sandbox.Credentials, method, target, extra, body string) net.Conn {
	t.Helper()
	u, err := url.Parse(serverURL)
	require.NoError(t, err)
	conn, err := (&net.Dialer{}).DialContext(t.Context(), "tcp", u.Host)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nSecureURL: %s\r\nPrivateKey: %s\r\nToken: %s\r\n%s\r\n%s",
		method, target, u.Host, creds.SecureURL, creds.PrivateKey, creds.Token, extra, body)
	require.NoError(t, err)
	return conn
}

func ptr[T any](v T) *T { return &v }

// token makes a distinct valid token for test n.
var token = sandbox.SampleToken

// createBody is the body of a create of these tokens: one token alone, or
// an array when batch is set. It asserts rather than requires, so that
// goroutines may call it.
func createBody(t *testing.T, batch bool, tokens ...gen.PaymentToken) gen.NewPaymentTokens {
	t.Helper()
	var body gen.NewPaymentTokens
	if batch {
		assert.NoError(t, body.FromPaymentTokenBatch(tokens))
	} else if assert.Len(t, tokens, 1, "a single create sends one token") {
		assert.NoError(t, body.FromPaymentToken(tokens[0]))
	}
	return body
}

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
