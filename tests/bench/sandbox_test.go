package bench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
