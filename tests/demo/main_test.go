package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoRunsTheLifecycleOnTheSandbox(t *testing.T) {
	t.Setenv("THREEDCART_SECURE_URL", "")
	t.Setenv("THREEDCART_PRIVATE_KEY", "")
	t.Setenv("THREEDCART_TOKEN", "")
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	report := out.String()
	for _, want := range []string{
		"count                   1203 tokens",
		"all                     1203 tokens in 3 pages",
		"create                  new PaymentTokenID 1204",
		"gateway now Braintree",
		"#1→200 #999999→404 #2→200",
		"get 1204 (deleted)      found=false err=<nil>",
		"errors.Is(err, ErrNotFound)=true",
	} {
		assert.Contains(t, report, want)
	}
}
