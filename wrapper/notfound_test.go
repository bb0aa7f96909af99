package wrapper_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// foreign404s are 404s that do not come from the API's PaymentTokens resource.
var foreign404s = map[string]http.HandlerFunc{
	"ASP.NET route miss": respond(404, `{"Message":"No HTTP resource was found that matches the request URI 'https://apirest.3dcart.com/3dCartWebAPI/v1/PaymentTokens'."}`),
	"nginx page": func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		_, _ = w.Write([]byte("<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>"))
	},
	"page quoting the message": func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(404)
		_, _ = w.Write([]byte("<p>No payment tokens found.</p>"))
	},
	"other error array": respond(404, `[{"Key":"Error","Status":"404","Message":"Resource not found"}]`),
}

// reads runs every read and returns its error and whether it reported "nothing".
var reads = map[string]func(ctx context.Context, c *wrapper.Client) (empty bool, err error){
	"Count": func(ctx context.Context, c *wrapper.Client) (bool, error) { n, err := c.Count(ctx); return n == 0, err },
	"List": func(ctx context.Context, c *wrapper.Client) (bool, error) {
		page, err := c.List(ctx, wrapper.ListParams{})
		return len(page) == 0, err
	},
	"Get": func(ctx context.Context, c *wrapper.Client) (bool, error) {
		_, found, err := c.Get(ctx, 5)
		return !found, err
	},
	"All": func(ctx context.Context, c *wrapper.Client) (bool, error) {
		n := 0
		for _, err := range c.All(ctx) {
			if err != nil {
				return n == 0, err
			}
			n++
		}
		return n == 0, nil
	},
}

func TestReadsTurnOnlyTheAPIsOwn404IntoNothing(t *testing.T) {
	t.Parallel()
	own := map[string]http.HandlerFunc{
		"error array":  respond(404, `[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`),
		"error object": respond(404, `{"Message":"No payment tokens found."}`),
		"no body":      func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(404) },
	}
	for bodyName, h := range own {
		for readName, read := range reads {
			t.Run(bodyName+"/"+readName, func(t *testing.T) {
				t.Parallel()
				mux, c := setup(t)
				mux.HandleFunc("/", h)
				empty, err := read(t.Context(), c)
				require.NoError(t, err)
				assert.True(t, empty)
			})
		}
	}
}

func TestReadsReportAForeign404AsAWrongURL(t *testing.T) {
	t.Parallel()
	for bodyName, h := range foreign404s {
		for readName, read := range reads {
			t.Run(bodyName+"/"+readName, func(t *testing.T) {
				t.Parallel()
				mux, c := setup(t)
				mux.HandleFunc("/", h)
				_, err := read(t.Context(), c)
				require.ErrorIs(t, err, wrapper.ErrNotFound)
				var apiErr *wrapper.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Contains(t, apiErr.Hint, "the base URL is probably wrong")
				assert.Contains(t, err.Error(), "the base URL is probably wrong")
			})
		}
	}
}

func TestAWrongBasePathOnTheSandboxIsAnError(t *testing.T) {
	t.Parallel()
	sb, _ := setupSandbox(t, nil)
	seed(sb, 3)
	c, err := sb.Client(wrapper.WithBaseURL(sb.URL() + "/v1"))
	require.NoError(t, err)
	n, err := c.Count(t.Context())
	require.ErrorIs(t, err, wrapper.ErrNotFound, "a store of 3 tokens is not reported as empty")
	assert.Zero(t, n)
	msg := err.Error()
	assert.Contains(t, msg, "the base URL is probably wrong: the API's (and the sandbox's) ends in /3dCartWebAPI/v2")
	assert.NotContains(t, msg, "apirest.3dcart.com", "not the production URL for a sandbox")
	assert.Equal(t, 1, strings.Count(msg, "/v1/PaymentTokens"), "the path once: %s", msg)

	c, err = sb.Client(wrapper.WithBaseURL(strings.Replace(sb.URL(), "/3dCartWebAPI/v2", "/other/3dCartWebAPI/v2", 1)))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.ErrorIs(t, err, wrapper.ErrNotFound)
	assert.Contains(t, err.Error(), "is not the PaymentTokens API (another server, or a proxy)")
	assert.NotContains(t, err.Error(), "apirest.3dcart.com")
}

func TestCountOfAnEmptyStoreIsZero(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", respond(200, `{"TotalCount": 0}`))
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestGetRefusesAnotherTokenThanTheOneAskedFor(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/5", respond(200, `[{"PaymentTokenID":999,"CustomerID":1}]`))
	_, found, err := c.Get(t.Context(), 5)
	require.Error(t, err)
	assert.False(t, found)
	assert.Contains(t, err.Error(), "none of its 1 tokens has PaymentTokenID 5")
}

func TestWritesNameAForeign404(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("/", foreign404s["ASP.NET route miss"])
	err := c.Delete(t.Context(), 5)
	require.ErrorIs(t, err, wrapper.ErrNotFound)
	assert.Contains(t, err.Error(), "the base URL is probably wrong")
	err = c.Update(t.Context(), 5, token(1))
	require.ErrorIs(t, err, wrapper.ErrNotFound)
	assert.Contains(t, err.Error(), "the base URL is probably wrong")
}
