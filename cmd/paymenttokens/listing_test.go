package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// listingTokens is the size of the misbehaving stores: three pages of 500.
const listingTokens = 1200

// misbehavingSandbox starts a sandbox that lists as b says, seeded with the
// first listingTokens sample tokens.
func misbehavingSandbox(t *testing.T, b sandbox.Behaviour, opts ...sandbox.Option) (*sandbox.Server, map[string]string) {
	t.Helper()
	sb := newSandboxWith(t, append(opts, sandbox.WithBehaviour(b))...)
	t.Cleanup(sb.Close)
	sb.Seed(seedTokens(listingTokens)...)
	creds := sb.Credentials()
	return sb, map[string]string{
		envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL(),
	}
}

// exportedIDs reads a JSONL export and returns how many lines it has and its distinct ids.
func exportedIDs(t *testing.T, path string) (lines int, ids map[int32]bool) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	ids = map[int32]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var tok wrapper.PaymentToken
		require.NoError(t, json.Unmarshal(sc.Bytes(), &tok))
		lines++
		ids[tok.PaymentTokenID] = true
	}
	return lines, ids
}

func TestListingsThatEndEarlyOrShiftAreWalkedUntilTheyAddUp(t *testing.T) {
	for name, b := range map[string]sandbox.Behaviour{
		"page cap 400":          {PageCap: 400},
		"page cap 7":            {PageCap: 7},
		"own 404 once at 501":   {NotFoundOnceAt: 501},
		"page 250 early once":   {ShiftOnceAt: 501, ShiftBy: 250},
		"unordered, cap 333":    {Unordered: true, PageCap: 333},
		"404 and shift at 1001": {NotFoundOnceAt: 1001, ShiftOnceAt: 501, ShiftBy: 100},
	} {
		t.Run(name, func(t *testing.T) {
			sb, env := misbehavingSandbox(t, b)
			file := filepath.Join(t.TempDir(), "tokens.jsonl")
			r := runCLI(t, env, "export", "-o", file, "--quiet", "--rate", "0")
			require.Equal(t, exitOK, r.code, r.stderr)
			lines, ids := exportedIDs(t, file)
			assert.Equal(t, listingTokens, lines, "every token once")
			assert.Len(t, ids, listingTokens)

			// The file's keys are all in the store: an import creates nothing,
			// and diff proves them equal.
			r = runCLI(t, env, "import", file, "--quiet", "--rate", "0", "--json")
			require.Equal(t, exitOK, r.code, r.stderr)
			var counts importCounts
			lastJSON(t, r.stdout, &counts)
			assert.Equal(t, importCounts{Unchanged: listingTokens}, counts)
			assert.Len(t, sb.Tokens(), listingTokens, "no token doubled")
			r = runCLI(t, env, "diff", file, "--quiet", "--rate", "0")
			assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		})
	}
}

// ownNotFoundAt answers the API's own "No payment tokens found." 404 to
// every list request at offset: a listing that never adds up.
func ownNotFoundAt(offset string) sandbox.FaultFunc {
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodGet && r.URL.Query().Get("offset") == offset {
			return &sandbox.Fault{Status: http.StatusNotFound, Header: http.Header{"Content-Type": {"application/json"}},
				Body: []byte(`[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`)}
		}
		return nil
	}
}

func TestAListingThatNeverAddsUpIsNeverASuccess(t *testing.T) {
	sb, env := misbehavingSandbox(t, sandbox.Behaviour{}, sandbox.WithFaults(ownNotFoundAt("501")))
	dir := t.TempDir()
	previous := filepath.Join(dir, "tokens.jsonl")
	require.NoError(t, os.WriteFile(previous, []byte("{\"PaymentTokenID\":1}\n"), 0o600))

	r := runCLI(t, env, "export", "-o", previous, "--quiet", "--rate", "0")
	assert.Equal(t, exitIncomplete, r.code, r.stderr)
	got, err := os.ReadFile(previous)
	require.NoError(t, err)
	assert.Equal(t, "{\"PaymentTokenID\":1}\n", string(got), "the previous export is left untouched")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left beside it")

	file := writeTokensFile(t, "more.jsonl", seedTokens(listingTokens+5))
	r = runCLI(t, env, "import", file, "--quiet", "--rate", "0")
	assert.Equal(t, exitIncomplete, r.code, r.stderr)
	assert.Len(t, sb.Tokens(), listingTokens, "nothing written")

	r = runCLI(t, env, "diff", file, "--quiet", "--rate", "0")
	assert.Equal(t, exitIncomplete, r.code, r.stdout+r.stderr)
	assert.NotContains(t, r.stdout, "hold the same", "diff never says equal when it could not compare")
}
