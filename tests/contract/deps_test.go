package contract_test

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps",
		"-f", "{{if not .Standard}}{{.ImportPath}}{{end}}",
		"github.com/shift4shop-go/paymenttokens/wrapper").Output()
	require.NoError(t, err, "go list: %s", exitStderr(err))
	got := strings.Fields(string(out))
	var unexpected []string
	for _, pkg := range got {
		if _, ok := clientDeps[pkg]; !ok {
			unexpected = append(unexpected, pkg)
		}
	}
	assert.Empty(t, unexpected, "the wrapper now links these: remove the import that brings them, or allow each in clientDeps with the reason")
	for pkg := range clientDeps {
		assert.True(t, slices.Contains(got, pkg), "clientDeps lists %s, which the wrapper no longer links: remove it", pkg)
	}
}

// TestProbeLinksNeitherMigrateNorTokenFiles fails when the probe, which
// only talks to a store, links the import's or the token files' packages.
func TestProbeLinksNeitherMigrateNorTokenFiles(t *testing.T) {
	t.Parallel()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps",
		"github.com/shift4shop-go/paymenttokens/wrapper/probe").Output()
	require.NoError(t, err, "go list: %s", exitStderr(err))
	for _, pkg := range []string{"wrapper/migrate", "wrapper/tokenfile"} {
		assert.NotContains(t, strings.Fields(string(out)), "github.com/shift4shop-go/paymenttokens/"+pkg)
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
