package migrate_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// An error from the client, wrapped by the package with what it was doing,
// carries the package prefix once, and still matches the client's error.
func TestErrorsCarryThePrefixOnce(t *testing.T) {
	s := newStore(t, func(*http.Request) *sandbox.Fault {
		return &sandbox.Fault{
			Status: http.StatusBadRequest,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   []byte(`[{"Key":"Error","Message":"refused"}]`),
		}
	})
	ctx := context.Background()
	_, exportErr := migrate.Export(ctx, s.c, io.Discard, migrate.ExportOptions{})
	path := writeTokens(t, "tokens.jsonl", tokens(1, 2))
	_, importErr := migrate.Import(ctx, s.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: path + ".journal"})
	for _, err := range []error{exportErr, importErr} {
		require.Error(t, err)
		require.Equal(t, 1, strings.Count(err.Error(), "paymenttokens: "), err.Error())
		require.True(t, strings.HasPrefix(err.Error(), "paymenttokens: "), err.Error())
		var apiErr *wrapper.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	}
}
