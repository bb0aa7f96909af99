// Package deps_test pins what a program links: the wrapper only what a
// client needs (no Redis client), the probe neither migrate nor the token
// files, the command no package of tests/ and only the modules it needs,
// and the sandbox, tokenfile, migrate, probe and rediscoord only what the
// README says they add to a module that imports the wrapper.
package deps_test

import (
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module is this repository's module path.
const module = "github.com/shift4shop-go/paymenttokens"

// clientDeps is every package outside the standard library that a program
// importing the wrapper links, each with the reason it is there. The server,
// the spec loader and the validators (kin-openapi, YAML, JSON Schema) must
// never appear: they belong to tests and to gen/server.
var clientDeps = map[string]string{
	"github.com/shift4shop-go/paymenttokens/wrapper":                    "the package under test",
	"github.com/shift4shop-go/paymenttokens/gen":                        "the generated models and request builders",
	"github.com/shift4shop-go/paymenttokens/api":                        "DateTime, the type of LastUpdate",
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/tokenjson": "the decoder of token arrays (List, Get): reflection-free, no dependency of its own (BENCHMARKS.md)",
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline":  "the HTTP pipeline behind Client: pacing, retries, reachability, redirects, proxies, redaction",
	"github.com/shift4shop-go/paymenttokens/internal/safetext":          "escapes the control characters of the API's messages in errors",
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/idset":     "the set of ids that All keeps to prove a listing complete",
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/storeid":   "the store's identity (StoreDigest, StorePlaces)",
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pager":     "fetches All's pages ahead, up to WithConcurrency at once",
	"golang.org/x/time/rate":                                            "the token bucket that paces requests",
	"golang.org/x/sync/errgroup":                                        "bounds the requests in flight of the bulk writes",
	"github.com/oapi-codegen/runtime":                                   "the generated request builders style path and query parameters with it",
	"github.com/oapi-codegen/runtime/types":                             "imported by runtime, whose parameter styling knows its Date and UUID types",
	"github.com/google/uuid":                                            "imported by runtime/types for its UUID type",
	"github.com/apapsch/go-jsonmerge/v2":                                "imported by runtime for JSONMerge, which the generated oneOf union (ListResult) uses",
}

// TestClientLinksOnlyTheClient fails when the wrapper's import graph gains a
// package outside the standard library that clientDeps does not allow, or
// loses one that it lists (so that the list stays exact).
func TestClientLinksOnlyTheClient(t *testing.T) {
	t.Parallel()
	assertExactly(t, goList(t, module+"/wrapper", "{{if not .Standard}}{{.ImportPath}}{{end}}"), clientDeps,
		"the wrapper", "clientDeps")
}

// TestProbeLinksNeitherMigrateNorTokenFiles fails when the probe, which
// only talks to a store, links the import's or the token files' packages.
func TestProbeLinksNeitherMigrateNorTokenFiles(t *testing.T) {
	t.Parallel()
	got := goList(t, module+"/wrapper/probe", "{{.ImportPath}}")
	for _, pkg := range []string{"wrapper/migrate", "wrapper/tokenfile"} {
		assert.NotContains(t, got, module+"/"+pkg)
	}
}

// TestCommandLinksNoTestPackage fails when the command links a package of
// tests/: they hold only tests, and nothing outside tests/ imports them.
func TestCommandLinksNoTestPackage(t *testing.T) {
	t.Parallel()
	var fromTests []string
	for _, pkg := range goList(t, "./cmd/paymenttokens", "{{.ImportPath}}") {
		if strings.HasPrefix(pkg, module+"/tests/") {
			fromTests = append(fromTests, pkg)
		}
	}
	assert.Empty(t, fromTests, "the command links these packages of tests/: move what it needs out of tests/")
}

// sandboxCommand is why the command links a module of the spec validator.
const sandboxCommand = "`paymenttokens sandbox` validates requests against the spec (kin-openapi and what it imports)"

// cliModules is every module outside the standard library whose packages
// the command links, each with the reason it is there.
var cliModules = map[string]string{
	module:                                     "the command and the library (its packages are pinned in cliPackages)",
	"golang.org/x/time":                        "the wrapper's: see clientDeps",
	"golang.org/x/sync":                        "the wrapper's: see clientDeps",
	"github.com/oapi-codegen/runtime":          "the wrapper's: see clientDeps",
	"github.com/google/uuid":                   "the wrapper's: see clientDeps",
	"github.com/apapsch/go-jsonmerge/v2":       "the wrapper's: see clientDeps",
	"golang.org/x/term":                        "the progress display: is stderr a terminal, and how wide",
	"golang.org/x/sys":                         "internal/safefile: the file locks of the import's journal and store lock and of the probe's journal, private folders",
	"github.com/getkin/kin-openapi":            sandboxCommand,
	"github.com/gorilla/mux":                   sandboxCommand,
	"go.yaml.in/yaml/v4":                       sandboxCommand,
	"github.com/santhosh-tekuri/jsonschema/v6": sandboxCommand,
	"golang.org/x/text":                        sandboxCommand,
	"github.com/go-openapi/jsonpointer":        sandboxCommand,
	"github.com/go-openapi/swag/jsonname":      sandboxCommand,
}

// cliPackages is every package of this module that the command links.
var cliPackages = map[string]string{
	module + "/cmd/paymenttokens":          "the command",
	module + "/wrapper":                    "the client",
	module + "/wrapper/migrate":            "export, import and diff",
	module + "/wrapper/probe":              "paymenttokens probe, and import --probe",
	module + "/wrapper/sandbox":            "paymenttokens sandbox",
	module + "/api":                        "the wrapper's: see clientDeps",
	module + "/gen":                        "the wrapper's: see clientDeps",
	module + "/internal/safetext":          "the wrapper's, and the command's terminal-safe text",
	module + "/wrapper/internal/tokenjson": "the wrapper's: see clientDeps",
	module + "/wrapper/internal/pipeline":  "the wrapper's: see clientDeps",
	module + "/wrapper/internal/idset":     "the wrapper's: see clientDeps",
	module + "/wrapper/internal/storeid":   "the wrapper's: see clientDeps",
	module + "/wrapper/internal/pager":     "the wrapper's: see clientDeps",
	module + "/wrapper/tokenfile":          "token files and id maps",
	module + "/internal/safefile":          "file safety: locks, atomic writes, capped reads, what an output may replace",
	module + "/gen/server":                 "the sandbox implements the generated server interface",
	module + "/internal/contract":          "the sandbox's spec validator",
}

// TestCommandLinksOnlyWhatItNeeds fails when the command's import graph
// gains or loses a module outside the standard library, or a package of
// this module, that cliModules or cliPackages does not list (so that both
// lists stay exact). Modules rather than packages outside: the packages of
// yaml or x/text come and go with their versions.
func TestCommandLinksOnlyWhatItNeeds(t *testing.T) {
	t.Parallel()
	assertExactly(t, modules(t, "./cmd/paymenttokens"), cliModules, "the command", "cliModules")
	var own []string
	for _, pkg := range goList(t, "./cmd/paymenttokens", "{{if not .Standard}}{{.ImportPath}}{{end}}") {
		if pkg == module || strings.HasPrefix(pkg, module+"/") {
			own = append(own, pkg)
		}
	}
	assertExactly(t, own, cliPackages, "the command", "cliPackages")
}

// beyondTheWrapper is, for each package a user imports beside the wrapper,
// every module it adds to what the wrapper links, with the reason. The
// README names each of them.
var beyondTheWrapper = map[string]map[string]string{
	"./wrapper/sandbox": {
		"github.com/getkin/kin-openapi":            "validates every request against the spec",
		"github.com/gorilla/mux":                   "imported by kin-openapi's router, which finds a request's operation",
		"go.yaml.in/yaml/v4":                       "imported by kin-openapi, which reads the spec (YAML)",
		"github.com/santhosh-tekuri/jsonschema/v6": "imported by kin-openapi for JSON Schema",
		"golang.org/x/text":                        "imported by jsonschema/v6 for its messages",
		"github.com/go-openapi/jsonpointer":        "imported by kin-openapi for $ref pointers",
		"github.com/go-openapi/swag/jsonname":      "imported by jsonpointer",
	},
	"./wrapper/tokenfile": {"golang.org/x/sys": "internal/safefile, which writes the id maps"},
	"./wrapper/migrate":   {"golang.org/x/sys": "internal/safefile: the file locks of the journal and the store lock"},
	"./wrapper/probe":     {"golang.org/x/sys": "internal/safefile: the file lock of the probe's journal"},
	// go-redis stays out of the wrapper: only a program that shares a
	// store's budget or lease through Redis links it.
	"./wrapper/rediscoord": {
		"github.com/redis/go-redis/v9": "the Redis client that the Limiter and the Lease take",
		"github.com/cespare/xxhash/v2": "imported by go-redis for cluster key slots",
		"go.uber.org/atomic":           "imported by go-redis",
		"golang.org/x/sys":             "imported by go-redis for its connection checks",
	},
}

// TestBeyondTheWrapperEachPackageAddsOnlyWhatTheReadmeNames fails when the
// sandbox, tokenfile, migrate or probe adds a module to those the wrapper links that
// beyondTheWrapper does not list, or no longer adds one it lists, or when
// the README does not name one of them (so that a user knows what
// importing each costs their module).
func TestBeyondTheWrapperEachPackageAddsOnlyWhatTheReadmeNames(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	wrapper := modules(t, "./wrapper")
	for pkg, want := range beyondTheWrapper {
		t.Run(filepath.Base(pkg), func(t *testing.T) {
			t.Parallel()
			var added []string
			for _, m := range modules(t, pkg) {
				if !slices.Contains(wrapper, m) {
					added = append(added, m)
				}
			}
			assertExactly(t, added, want, pkg+" beyond the wrapper", "beyondTheWrapper")
			for _, m := range slices.Sorted(maps.Keys(want)) {
				assert.True(t, strings.Contains(string(readme), "`"+m+"`"), "README.md does not say that %s adds %s to a module", pkg, m)
			}
		})
	}
}

// modules lists the modules outside the standard library whose packages
// pkg links.
func modules(t *testing.T, pkg string) []string {
	t.Helper()
	var out []string
	for _, m := range goList(t, pkg, "{{if not .Standard}}{{with .Module}}{{.Path}}{{end}}{{end}}") {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// goList runs go list -deps on pkg with format, from the module's root,
// and returns its non-empty lines.
func goList(t *testing.T, pkg, format string) []string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", "list", "-deps", "-f", format, pkg)
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", exitStderr(err))
	return strings.Fields(string(out))
}

// assertExactly fails for each of got that allowed does not list, and each
// of allowed that got lacks, naming the list to change.
func assertExactly(t *testing.T, got []string, allowed map[string]string, what, list string) {
	t.Helper()
	var unexpected []string
	for _, name := range got {
		if _, ok := allowed[name]; !ok {
			unexpected = append(unexpected, name)
		}
	}
	assert.Empty(t, unexpected, "%s now links these: remove the import that brings them, or allow each in %s with the reason", what, list)
	for _, name := range slices.Sorted(maps.Keys(allowed)) {
		assert.True(t, slices.Contains(got, name), "%s lists %s, which %s no longer links: remove it", list, name, what)
	}
}

// exitStderr is what a failed command printed, for the failure message.
func exitStderr(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(exit.Stderr)
	}
	return ""
}
