package sandbox_test

import (
	"bufio"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// TestCredentialsGivenWithWhiteSpaceAreAcceptedTrimmed: the wrapper trims
// the credentials it is given, so a sandbox given them padded (pasted from
// a file, say) must accept them trimmed.
func TestCredentialsGivenWithWhiteSpaceAreAcceptedTrimmed(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithCredentials(sandbox.Credentials{SecureURL: " https://s.example\t", PrivateKey: "\tkey ", Token: "  tok\t"}))
	defer sb.Close()
	sb.Seed(token(1))
	c, err := sb.Client()
	require.NoError(t, err)
	n, err := c.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

// TestHeaderValuesArriveTrimmed sends padded header values byte for byte:
// net/http hands the handler the values without their surrounding white
// space, so they match.
func TestHeaderValuesArriveTrimmed(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithCredentials(sandbox.Credentials{SecureURL: "s", PrivateKey: "k", Token: "t"}))
	defer sb.Close()
	padded := sandbox.Credentials{SecureURL: " \ts", PrivateKey: "k \t ", Token: "\t t \t"}
	conn := sendRaw(t, sb.URL(), padded, http.MethodGet, contract.BasePath+"/PaymentTokens?countonly=1", "Connection: close\r\n", "")
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestSampleTokensHaveDistinctKeys(t *testing.T) {
	t.Parallel()
	seen := map[string]int32{}
	for n := range int32(100) {
		tk := reflect.ValueOf(sandbox.SampleToken(n + 1))
		var key []any
		for _, field := range tokenfile.DefaultKey() {
			key = append(key, tk.FieldByName(field).Interface())
		}
		k := fmt.Sprintf("%#v", key)
		prev, dup := seen[k]
		require.False(t, dup, "SampleToken(%d) has the key of SampleToken(%d): %s", n+1, prev, k)
		seen[k] = n + 1
	}
}
