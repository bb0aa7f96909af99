package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffsHintRepeatsTheStoreFlagsGivenAndNoSecret(t *testing.T) {
	_, target, file := storeWithOneChanged(t, 3, 1)
	envPath := envFile(t, target)
	base := target[envBaseURL]
	store := " --env-file " + shellWord(envPath) + " --base-url " + base
	for name, args := range map[string][]string{
		"json": {"diff", file, "--env-file", envPath, "--base-url", base, "--rate", "0", "--json"},
		"text": {"diff", file, "--env-file", envPath, "--base-url", base, "--rate", "0", "--quiet"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, someCreds, args...) // the shell holds another store: the hint must not lead there
			require.Equal(t, exitFailed, r.code, r.stderr)
			next := "paymenttokens import " + shellWord(file) + store + " makes the store hold the file's tokens"
			if name == "json" {
				assert.Contains(t, decodeDocument(t, r.stdout)["next"], next)
			} else {
				assert.Contains(t, r.stderr, "paymenttokens diff: the file and the store differ (listed on stdout); "+next)
			}
			for _, secret := range []string{target[envPrivateKey], target[envToken]} {
				assert.NotContains(t, r.stdout+r.stderr, secret[:8])
			}
		})
	}
}

func TestStoreArgsDropWhatCouldBeASecret(t *testing.T) {
	sf := storeFlags{envFile: "my store.env", baseURL: "https://user:pass@api.example/v2/?k=secret#f"}
	assert.Equal(t, ` --env-file 'my store.env' --base-url https://api.example/v2/`, sf.args())
	assert.Empty(t, storeFlags{}.args(), "nothing given, nothing repeated")
	assert.Equal(t, `'it'\''s'`, shellWord("it's"))
	assert.False(t, strings.Contains(sourceFlags{customerMap: "c.csv"}.args(), "'"))
}
