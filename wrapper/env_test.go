package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// writeEnv writes text as an env file with mode 0600 and returns its path.
func writeEnv(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.env")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// lookup is a getenv over a map.
func lookup(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}

func TestReadEnvFileParsesQuotesCommentsAndExport(t *testing.T) {
	path := writeEnv(t, "\uFEFF# comment\n\n"+
		"THREEDCART_SECURE_URL=https://a.example # the store\n"+
		"export THREEDCART_PRIVATE_KEY = 'pk with # and spaces'\n"+
		"THREEDCART_TOKEN=\"tk=1\"  # quoted\n"+
		"THREEDCART_BASE_URL=\n")
	values, err := wrapper.ReadEnvFile(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		wrapper.EnvSecureURL: "https://a.example", wrapper.EnvPrivateKey: "pk with # and spaces", wrapper.EnvToken: "tk=1", wrapper.EnvBaseURL: "",
	}, values)
}

func TestReadEnvFileNamesTheLineNeverTheValue(t *testing.T) {
	for name, tc := range map[string]struct {
		content string
		line    int
		reason  string
	}{
		"unknown key":   {"THREEDCART_SECURE_URL=https://a.example\nTHREEDCART_TOKENS=secret-value\n", 2, `unknown key "THREEDCART_TOKENS": want one of`},
		"no equals":     {"# x\nsecret-value\n", 2, "want KEY=VALUE"},
		"twice":         {"THREEDCART_TOKEN=secret-value\nTHREEDCART_TOKEN=secret-value\n", 2, "THREEDCART_TOKEN is set a second time"},
		"open quote":    {"THREEDCART_TOKEN=\"secret-value\n", 1, `THREEDCART_TOKEN: the value's quote " is not closed`},
		"after a quote": {"THREEDCART_TOKEN='secret-value' x\n", 1, "THREEDCART_TOKEN: text after the value's closing quote"},
		"pasted secret": {"secret-value=b64pad==\n", 1, "unknown key (not shown"},
		"a long line":   {"# c\nTHREEDCART_TOKEN=" + strings.Repeat("secret-value", 6000) + "\n", 2, "the line is longer than 64 KiB"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeEnv(t, tc.content)
			_, err := wrapper.ReadEnvFile(path)
			var fe *wrapper.EnvFileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, path, fe.Path)
			assert.Equal(t, tc.line, fe.Line)
			assert.True(t, strings.HasPrefix(fe.Reason, tc.reason), fe.Reason)
			assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf("paymenttokens: env file %s:%d: ", path, tc.line)), err.Error())
			assert.NotContains(t, err.Error(), "secret-value")
		})
	}
	for name, path := range map[string]string{"missing": filepath.Join(t.TempDir(), "none.env"), "folder": t.TempDir()} {
		_, err := wrapper.ReadEnvFile(path)
		var fe *wrapper.EnvFileError
		require.ErrorAs(t, err, &fe, name)
		assert.Zero(t, fe.Line, name)
	}
}

func TestReadEnvTakesTheFilesValuesOverTheEnvironments(t *testing.T) {
	path := writeEnv(t, "THREEDCART_SECURE_URL=https://file.example\nTHREEDCART_TOKEN= tk-file \n")
	env, err := wrapper.ReadEnv(path, lookup(map[string]string{
		wrapper.EnvSecureURL: "https://shell.example", wrapper.EnvPrivateKey: "pk-shell", wrapper.EnvToken: "tk-shell",
		wrapper.EnvBaseURL: " https://api.example/3dCartWebAPI/v2 ",
	}))
	require.NoError(t, err)
	assert.Equal(t, wrapper.Credentials{SecureURL: "https://file.example", PrivateKey: "pk-shell", Token: "tk-file"}, env.Credentials)
	assert.Equal(t, "https://api.example/3dCartWebAPI/v2", env.BaseURL)
	assert.Equal(t, path, env.File)
	assert.False(t, env.OpenToOthers)
	assert.Empty(t, env.Missing())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", env, env, env), "tk-file", "printing an Env masks the secrets")

	if runtime.GOOS != "windows" {
		require.NoError(t, os.Chmod(path, 0o644))
		env, err = wrapper.ReadEnv(path, lookup(nil))
		require.NoError(t, err)
		assert.True(t, env.OpenToOthers)
	}
}

func TestEnvClientNamesEveryMissingVariableAndNoSecret(t *testing.T) {
	env, err := wrapper.ReadEnv("", lookup(map[string]string{wrapper.EnvPrivateKey: "pk-secret"}))
	require.NoError(t, err)
	assert.Equal(t, []string{wrapper.EnvSecureURL, wrapper.EnvToken}, env.Missing())
	_, err = env.Client()
	require.EqualError(t, err, "paymenttokens: missing credentials: set THREEDCART_SECURE_URL, THREEDCART_TOKEN (in the environment or an env file)")

	path := writeEnv(t, "THREEDCART_TOKEN=tk-secret\n")
	env, err = wrapper.ReadEnv(path, lookup(nil))
	require.NoError(t, err)
	_, err = env.Client()
	require.EqualError(t, err, "paymenttokens: missing credentials: set THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY (in "+path+" or the environment)")

	env, err = wrapper.ReadEnv("", lookup(map[string]string{
		wrapper.EnvSecureURL: "https://a.example", wrapper.EnvPrivateKey: "pk-secret", wrapper.EnvToken: "tk-secret",
		wrapper.EnvBaseURL: "http://api.example/3dCartWebAPI/v2",
	}))
	require.NoError(t, err)
	_, err = env.Client()
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "paymenttokens: THREEDCART_BASE_URL http://api.example/3dCartWebAPI/v2: plain http"), err.Error())
	assert.NotContains(t, err.Error(), "secret")
}

func TestFromEnvReachesTheStoreOfItsFileAndAnOptionsBaseURLWins(t *testing.T) {
	sb := newSandbox(t)
	t.Cleanup(sb.Close)
	sb.Seed(wrapper.PaymentToken{CustomerID: 1, PaymentProfileID: "tok_1", GatewayName: "Stripe"})
	creds := sb.Credentials()
	path := writeEnv(t, fmt.Sprintf("THREEDCART_SECURE_URL=%s\nTHREEDCART_PRIVATE_KEY=%s\nTHREEDCART_TOKEN=%s\nTHREEDCART_BASE_URL=%s\n",
		creds.SecureURL, creds.PrivateKey, creds.Token, "http://127.0.0.1:9/nothing-here"))

	client, err := wrapper.FromEnv(path, wrapper.WithBaseURL(sb.URL()), wrapper.WithRateLimit(0, 0))
	require.NoError(t, err)
	n, err := client.Count(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	_, err = wrapper.FromEnv(filepath.Join(t.TempDir(), "none.env"))
	var fe *wrapper.EnvFileError
	assert.True(t, errors.As(err, &fe), "%v", err)
}
