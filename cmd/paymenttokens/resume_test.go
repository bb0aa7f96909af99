package main

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// A bulk import interrupted with an array in flight leaves its creates of
// unknown outcome; when they land while the rerun lists the store, so that
// no walk of the listing adds up, the rerun waits out their window and
// lists again: it finishes, each token once, instead of exiting 3.
func TestAResumedBulkImportWaitsForTheLateCreatesThatChangeItsListing(t *testing.T) {
	ctx, interrupt := context.WithCancel(t.Context())
	defer interrupt()
	file := seedTokens(30)
	var (
		phase  atomic.Int32 // 0: the probe; 1: the interrupted import; 2: the rerun
		mu     sync.Mutex
		posts  int
		counts int
	)
	var sb *sandbox.Server
	sb = newSandboxWith(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}), sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		mu.Lock()
		defer mu.Unlock()
		switch phase.Load() {
		case 1:
			if r.Method == http.MethodPost {
				if posts++; posts == 2 { // the second array: interrupted before the store applies it
					interrupt()
					return &sandbox.Fault{Cut: sandbox.CutBeforeHandling}
				}
			}
		case 2:
			// The second array lands late, in thirds, each at the end of one
			// walk of the rerun's listing (its second count).
			if r.Method == http.MethodGet && r.URL.Query().Get("countonly") == "1" {
				if counts++; counts%2 == 0 && counts <= 6 {
					from := 10 + (counts/2-1)*4
					sb.Seed(file[from:min(from+4, 20)]...)
				}
			}
		}
		return nil
	}))
	defer sb.Close()
	creds := sb.Credentials()
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL()}
	report := probeReport(t, env)
	path := writeTokensFile(t, "tokens.jsonl", file)

	phase.Store(1)
	r := runCLICtx(ctx, env, "import", path, "--probe", report, "--bulk-create", "10", "--concurrency", "1", "--rate", "0", "--quiet")
	require.Equal(t, exitInterrupted, r.code, r.stderr)
	require.Len(t, sb.Tokens(), 10, "the first array only")

	phase.Store(2)
	r = runCLI(t, env, "import", path, "--probe", report, "--bulk-create", "10", "--rate", "0", "--settle", "200ms")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "the store changed while it was read, as the 20 create(s) an earlier run left of unknown outcome may be landing: waiting")
	keys := map[string]int{}
	for _, tok := range sb.Tokens() {
		keys[tok.PaymentProfileID]++
	}
	assert.Len(t, keys, 30)
	for k, n := range keys {
		assert.Equal(t, 1, n, "key %s", k)
	}
}
