package wrapper_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func TestCredentialsNeverPrintTheirSecrets(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		fmt.Fprintf(&out, verb+"\n", testCreds)
		fmt.Fprintf(&out, verb+"\n", &testCreds)
		fmt.Fprintf(&out, verb+"\n", struct{ C wrapper.Credentials }{testCreds})
	}
	slog.New(slog.NewJSONHandler(&out, nil)).Info("creds", "c", testCreds)
	slog.New(slog.NewTextHandler(&out, nil)).Info("creds", "c", testCreds)
	assert.NotContains(t, out.String(), testCreds.PrivateKey)
	assert.NotContains(t, out.String(), testCreds.Token)
	assert.Contains(t, out.String(), testCreds.SecureURL)
	assert.Contains(t, out.String(), "[redacted]")
}
