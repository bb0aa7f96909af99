package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// probeSandbox starts a sandbox that behaves as b, seeded with n tokens,
// and returns the environment pointing the command at it.
func probeSandbox(t *testing.T, b sandbox.Behaviour, n int) (*sandbox.Server, map[string]string) {
	t.Helper()
	sb := newSandboxWith(t, sandbox.WithBehaviour(b))
	t.Cleanup(sb.Close)
	sb.Seed(seedTokens(n)...)
	creds := sb.Credentials()
	return sb, map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL()}
}

func TestProbePrintsATableAndExitsByWhetherAnyAnswerDiffers(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		behaviour sandbox.Behaviour
		code      int
	}{
		"documented": {sandbox.Behaviour{}, exitOK},
		"merging":    {sandbox.Behaviour{MergePUT: true}, exitFailed},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb, env := probeSandbox(t, tc.behaviour, 3)
			journal := filepath.Join(t.TempDir(), "probe.journal")
			r := runCLI(t, env, "probe", "--write", "--rate", "0", "--journal", journal)
			require.Equal(t, tc.code, r.code, r.stderr)
			lines := strings.Split(r.stdout, "\n")
			assert.Regexp(t, `^question +verdict +this store +sandbox +meaning$`, lines[0])
			assert.Contains(t, r.stdout, "put-merge")
			assert.Regexp(t, `wrote: create #\d+ paymenttokens-probe-[0-9a-f]{16}: created`, r.stdout)
			if tc.code == exitFailed {
				assert.Contains(t, r.stdout, "merges: the fields it leaves empty keep their value")
				assert.Contains(t, r.stderr, "some answers differ")
			}
			assert.Len(t, sb.Tokens(), 3, "every probe token removed")
			assert.NoFileExists(t, journal)
		})
	}
}

func TestProbeJSONAndOutSaveTheSameReportAndReplaceOnlyAReport(t *testing.T) {
	t.Parallel()
	sb, env := probeSandbox(t, sandbox.Behaviour{}, 2)
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	r := runCLI(t, env, "probe", "--json", "--out", out, "--rate", "0", "--journal", filepath.Join(dir, "j"))
	require.Equal(t, exitOK, r.code, r.stderr)
	var doc struct {
		Command string       `json:"command"`
		Summary probe.Report `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	assert.Equal(t, "probe", doc.Command)
	printed := doc.Summary
	var saved probe.Report
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &saved))
	assert.Equal(t, printed, saved)
	assert.Equal(t, probe.ReportFormat, saved.Format)
	assert.Contains(t, r.stderr, "report saved to "+out)

	r = runCLI(t, env, "probe", "--quiet", "--out", out, "--rate", "0", "--journal", filepath.Join(dir, "j"))
	require.Equal(t, exitOK, r.code, "a report is replaced: %s", r.stderr)
	assert.Empty(t, r.stderr)

	other := filepath.Join(dir, "tokens.jsonl")
	require.NoError(t, os.WriteFile(other, []byte(`{"PaymentTokenID":1}`+"\n"), 0o600))
	requests := sb.Stats().Requests
	r = runCLI(t, env, "probe", "--out", other, "--rate", "0")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "is not a probe report")
	assert.Equal(t, requests, sb.Stats().Requests, "refused before any request")
	kept, err := os.ReadFile(other)
	require.NoError(t, err)
	assert.Equal(t, `{"PaymentTokenID":1}`+"\n", string(kept))
}

func TestProbeStopsWithExit3OnA401(t *testing.T) {
	t.Parallel()
	_, env := probeSandbox(t, sandbox.Behaviour{}, 1)
	env[envToken] = "wrong"
	r := runCLI(t, env, "probe", "--rate", "0")
	assert.Equal(t, exitIncomplete, r.code)
	assert.Contains(t, r.stderr, "401")
	assert.NotContains(t, r.stderr, "wrong")
}

func TestAnInterruptedProbeRemovesItsTokensAndExits130(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	sb := newSandboxWith(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPut && !strings.HasSuffix(r.URL.Path, "/PaymentTokens") {
			cancel() // interrupted during the partial update of the first probe token
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	sb.Seed(seedTokens(2)...)
	creds := sb.Credentials()
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL()}
	journal := filepath.Join(t.TempDir(), "probe.journal")
	r := runCLICtx(ctx, env, "probe", "--write", "--rate", "0", "--journal", journal)
	assert.Equal(t, exitInterrupted, r.code, r.stderr)
	assert.Regexp(t, `wrote: delete #3 paymenttokens-probe-[0-9a-f]{16}: deleted`, r.stdout)
	assert.Len(t, sb.Tokens(), 2, "the probe token is removed")
	assert.NoFileExists(t, journal)
}

func TestProbeRefusesAJournalThatIsAnotherFileOrTheReport(t *testing.T) {
	t.Parallel()
	sb, env := probeSandbox(t, sandbox.Behaviour{}, 1)
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.jsonl")
	require.NoError(t, os.WriteFile(tokens, []byte(`{"PaymentTokenID":1}`+"\n"), 0o600))
	for _, args := range [][]string{
		{"--write", "--journal", tokens},
		{"--out", filepath.Join(dir, "r.json"), "--journal", filepath.Join(dir, ".", "r.json")},
	} {
		r := runCLI(t, env, append([]string{"probe", "--rate", "0"}, args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
	}
	assert.Zero(t, sb.Stats().Requests, "refused before any request")
	kept, err := os.ReadFile(tokens)
	require.NoError(t, err)
	assert.Equal(t, `{"PaymentTokenID":1}`+"\n", string(kept))
}

// A probe whose array create got a gateway's 504, and whose tokens land
// after it looked for them, does not claim success: it exits 1 saying how
// many may land and when to run again, which removes them.
func TestAProbeThatMayLeaveTokensSaysSoAndTheNextRemovesThem(t *testing.T) {
	t.Parallel()
	sb, env := probeSandbox(t, sandbox.Behaviour{ArrayCreate: true, GatewayTimeoutEvery: 3, ApplyLate: 500 * time.Millisecond}, 1)
	journal := filepath.Join(t.TempDir(), "probe.journal")
	r := runCLI(t, env, "probe", "--write", "--quiet", "--rate", "0", "--journal", journal)
	require.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stderr, "2 probe token(s) whose create got no answer were not found yet and may still land in the store: run 'paymenttokens probe --write' again in 2m0s to remove them")

	deadline := time.Now().Add(10 * time.Second)
	for len(sb.Tokens()) < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	require.Len(t, sb.Tokens(), 3, "the two array tokens landed")
	r = runCLI(t, env, "probe", "--write", "--quiet", "--rate", "0", "--journal", journal, "--json")
	var rep probe.Report
	lastJSON(t, r.stdout, &rep)
	require.Len(t, rep.Cleaned, 2)
	for _, c := range rep.Cleaned {
		assert.Equal(t, "deleted", c.Outcome)
		for _, tok := range sb.Tokens() {
			assert.NotEqual(t, c.ID, tok.PaymentTokenID, "the landed ones removed")
		}
	}
}
