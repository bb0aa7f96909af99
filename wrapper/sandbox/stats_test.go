package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestStatsCountEveryRequestByMethod(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	t.Cleanup(sb.Close)
	assert.Equal(t, sandbox.Stats{}, sb.Stats(), "nothing seen yet")
	creds := sb.Credentials()
	for _, method := range []string{http.MethodGet, http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "BREW", "MKCOL"} {
		raw(t, sb, method, "/PaymentTokens", "application/json", "{}", creds) // refused or not, each is counted
	}
	raw(t, sb, http.MethodGet, "/PaymentTokens", "", "", sandbox.Credentials{}) // refused 401, counted too
	st := sb.Stats()
	assert.Equal(t, map[string]int64{"GET": 3, "POST": 1, "PUT": 1, "DELETE": 1, "PATCH": 1, "OTHER": 2}, st.ByMethod,
		"a method net/http has no constant for is counted as OTHER")
	assert.EqualValues(t, 9, st.Requests)
	assert.EqualValues(t, 3, st.Writes(), "POST, PUT and DELETE")
	st.ByMethod["GET"] = 100
	assert.EqualValues(t, 3, sb.Stats().ByMethod["GET"], "Stats is a copy")
}
