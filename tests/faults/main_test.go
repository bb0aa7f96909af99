package faults_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// TestMain fails the package when any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newSandbox is sandbox.New, failing the test on its error.
func newSandbox(tb testing.TB, opts ...sandbox.Option) *sandbox.Server {
	tb.Helper()
	sb, err := sandbox.New(opts...)
	require.NoError(tb, err)
	return sb
}
