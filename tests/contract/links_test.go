package contract_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// TestCreateLinksToGetUpdateAndDelete checks that both answers of a create
// that create tokens link to the get, the update and the delete of the
// token created, and that each link's id, read from the answer's example,
// is an id the path admits.
func TestCreateLinksToGetUpdateAndDelete(t *testing.T) {
	t.Parallel()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	byID := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			byID[op.OperationID] = true
		}
	}
	create := doc.Paths.Find("/PaymentTokens").Post
	idSchema := doc.Paths.Find("/PaymentTokens/{id}").Parameters.GetByInAndName("path", "id").Schema.Value
	for _, status := range []int{201, 200} {
		resp := create.Responses.Status(status).Value
		linked := map[string]bool{}
		for name, link := range resp.Links {
			op := link.Value.OperationID
			require.True(t, byID[op], "%d link %s: no operation %s", status, name, op)
			linked[op] = true
			expr, ok := link.Value.Parameters["id"].(string)
			require.True(t, ok, "%d link %s names the id", status, name)
			pointer, ok := strings.CutPrefix(expr, "$response.body#")
			require.True(t, ok, "%d link %s reads the id from the body: %s", status, name, expr)
			for exName, ex := range resp.Content.Get("application/json").Examples {
				b, err := json.Marshal(ex.Value.Value)
				require.NoError(t, err)
				var body any
				require.NoError(t, json.Unmarshal(b, &body))
				id, err := strconv.ParseInt(jsonPointer(t, body, pointer), 10, 64)
				require.NoError(t, err, "%d link %s, example %s", status, name, exName)
				assert.NoError(t, idSchema.VisitJSON(float64(id)), "%d link %s, example %s", status, name, exName)
			}
		}
		assert.Equal(t, map[string]bool{"getPaymentToken": true, "updatePaymentToken": true, "deletePaymentToken": true}, linked, "%d", status)
	}
}

// jsonPointer reads the string at pointer (/0/Value) in a decoded JSON value.
func jsonPointer(t *testing.T, v any, pointer string) string {
	t.Helper()
	for _, key := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch node := v.(type) {
		case []any:
			i, err := strconv.Atoi(key)
			require.NoError(t, err, pointer)
			require.Less(t, i, len(node), pointer)
			v = node[i]
		case map[string]any:
			v = node[key]
		default:
			require.Failf(t, "pointer leads nowhere", "%s at %q", pointer, key)
		}
	}
	s, ok := v.(string)
	require.True(t, ok, "%s is a string", pointer)
	return s
}
