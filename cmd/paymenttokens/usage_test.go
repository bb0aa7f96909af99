package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// someCreds is a complete environment; the store is never reached by these tests.
var someCreds = map[string]string{
	envSecureURL: "https://store.example", envPrivateKey: "pk-never-printed", envToken: "tk-never-printed",
}

// writeFile writes content to name in a temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestBadUsageExits2WithOneLineNamingTheProblem(t *testing.T) {
	file := writeFile(t, "tokens.jsonl", "")
	txt := writeFile(t, "tokens.txt", "")
	dir := t.TempDir()
	for name, tc := range map[string]struct {
		env  map[string]string
		args []string
		want string
	}{
		"import without file":     {someCreds, []string{"import"}, "import: missing FILE (usage: paymenttokens import [flags] FILE)"},
		"import two files":        {someCreds, []string{"import", file, file}, `import: unexpected extra argument "` + file + `"`},
		"import missing file":     {someCreds, []string{"import", "nope.jsonl"}, "import: file nope.jsonl does not exist"},
		"import a directory":      {someCreds, []string{"import", dir}, "import: " + dir + " is a directory; give a file"},
		"import unknown format":   {someCreds, []string{"import", txt}, "import: cannot tell the format"},
		"import bad --format":     {someCreds, []string{"import", txt, "--format", "xml"}, `import: --format: unknown file format "xml": use jsonl or csv`},
		"import unknown key":      {someCreds, []string{"import", file, "--key", "Nope"}, `import: --key: key field "Nope" is not a token field`},
		"import id key":           {someCreds, []string{"import", file, "--key", "GatewayID,PaymentTokenID"}, "import: --key: key field PaymentTokenID is set by the target store"},
		"import missing map":      {someCreds, []string{"import", file, "--customer-map", "nope.csv"}, "import: --customer-map: file nope.csv does not exist"},
		"import zero concurrency": {someCreds, []string{"import", file, "--concurrency", "0"}, "import: --concurrency 0: want 1 to 64"},
		"import unknown flag after the file": {someCreds, []string{"import", file, "--dry-run", "--dryrun"},
			"import: flag provided but not defined: --dryrun (see 'paymenttokens import --help')"},
		"import flag after --":  {someCreds, []string{"import", file, "--", "--dry-run"}, `import: unexpected extra argument "--dry-run"`},
		"import no credentials": {nil, []string{"import", file}, "import: missing credentials: set THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY, THREEDCART_TOKEN"},
		"import one credential": {map[string]string{envSecureURL: "https://store.example"}, []string{"import", file, "--dry-run"},
			"import: missing credentials: set THREEDCART_PRIVATE_KEY, THREEDCART_TOKEN (export THREEDCART_PRIVATE_KEY=... or --env-file FILE;"},
		"import plain http":   {someCreds, []string{"import", file, "--base-url", "http://api.example"}, "import: --base-url http://api.example: plain http would send the PrivateKey and Token in clear text"},
		"import bad base env": {mergeEnv(someCreds, envBaseURL, "ftp://api.example"), []string{"import", file}, `import: THREEDCART_BASE_URL ftp://api.example: scheme "ftp" is not supported`},
		"import bad rate":     {someCreds, []string{"import", file, "--rate", "-1"}, "import: --rate -1: want a number of requests per second >= 0"},
		"export argument":     {someCreds, []string{"export", "tokens.jsonl"}, `export: unexpected argument "tokens.jsonl": export takes no arguments`},
		"export bad format":   {someCreds, []string{"export", "--format", "xml"}, `export: --format: unknown file format "xml"`},
		"export contradiction": {someCreds, []string{"export", "-o", "t.csv", "--format", "jsonl"},
			"export: --format jsonl contradicts the extension of --output t.csv; name the file .jsonl or drop --format"},
		"export no credentials": {map[string]string{envToken: "x"}, []string{"export"}, "export: missing credentials: set THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY"},
		"diff without file":     {someCreds, []string{"diff"}, "diff: missing FILE"},
		"diff missing file":     {someCreds, []string{"diff", "nope.csv"}, "diff: file nope.csv does not exist"},
		"diff unknown flag":     {someCreds, []string{"diff", file, "--update"}, "diff: flag provided but not defined: --update"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, "paymenttokens "+tc.want)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
			assert.NotContains(t, r.stderr, "never-printed")
		})
	}
}

// mergeEnv returns env with one more variable.
func mergeEnv(env map[string]string, name, value string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	out[name] = value
	return out
}
