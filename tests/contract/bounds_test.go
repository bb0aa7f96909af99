package contract_test

import (
	"math"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// TestEveryIntegerStatesItsBounds checks that every integer of the spec
// (parameters, bodies, answers) has a minimum and a maximum, within 32 bits
// for format int32: JSON Schema validators and generators ignore the format,
// so without them they admit and produce values the API refuses.
func TestEveryIntegerStatesItsBounds(t *testing.T) {
	t.Parallel()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	integers := map[string]*openapi3.Schema{}
	var walk func(name string, ref *openapi3.SchemaRef, depth int)
	walk = func(name string, ref *openapi3.SchemaRef, depth int) {
		if ref == nil || ref.Value == nil || depth > 8 { // the spec has no recursive schema; the bound is a guard
			return
		}
		s := ref.Value
		if s.Type.Is(openapi3.TypeInteger) {
			integers[name] = s
		}
		for prop, p := range s.Properties {
			walk(name+"."+prop, p, depth+1)
		}
		walk(name+"[]", s.Items, depth+1)
		for _, branch := range slices.Concat(s.OneOf, s.AnyOf, s.AllOf) {
			walk(name, branch, depth+1)
		}
	}
	for name, s := range doc.Components.Schemas {
		walk(name, s, 0)
	}
	for path, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			walk(path+" "+p.Value.Name, p.Value.Schema, 0)
		}
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema, 0)
			}
			if op.RequestBody != nil {
				for _, media := range op.RequestBody.Value.Content {
					walk(method+" "+path+" body", media.Schema, 0)
				}
			}
		}
	}
	require.NotEmpty(t, integers)
	for name, s := range integers {
		if !assert.NotNil(t, s.Min, "%s has no minimum", name) || !assert.NotNil(t, s.Max, "%s has no maximum", name) {
			continue
		}
		assert.LessOrEqual(t, *s.Min, *s.Max, name)
		if s.Format == "int32" {
			assert.GreaterOrEqual(t, *s.Min, float64(math.MinInt32), "%s: int32 below its minimum", name)
			assert.LessOrEqual(t, *s.Max, float64(math.MaxInt32), "%s: int32 above its maximum", name)
		}
	}
	for _, name := range []string{"PaymentToken.CustomerID", "/PaymentTokens/{id} id", "GET /PaymentTokens offset"} {
		assert.Contains(t, integers, name, "the walk reaches every kind of integer")
	}
}
