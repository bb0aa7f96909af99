package contract_test

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// TestSpecIsValid validates the embedded api/openapi.yaml, examples included.
func TestSpecIsValid(t *testing.T) {
	t.Parallel()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	require.NoError(t, doc.Validate(t.Context(), openapi3.EnableExamplesValidation()))
}

// TestSpecRejectsBadExamples proves the examples validation can fail.
func TestSpecRejectsBadExamples(t *testing.T) {
	t.Parallel()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	media := doc.Paths.Find("/PaymentTokens").Post.Responses.Status(201).Value.Content.Get("application/json")
	media.Examples["reference"].Value.Value = []any{map[string]any{"Key": "PaymentTokenID", "Value": 1234, "Status": "two hundred"}}
	require.Error(t, doc.Validate(t.Context(), openapi3.EnableExamplesValidation()))
}
