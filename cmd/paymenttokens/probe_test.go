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
			assert.Equal(t, "How many tokens does a page hold? [page-cap]", lines[0])
			assert.Regexp(t, `^  verdict     (as this tool assumes|could not tell|DIFFERS from what this tool assumes)$`, lines[1])
			for _, l := range lines {
				assert.LessOrEqual(t, len([]rune(l)), 100, "fits 100 columns: %q", l)
			}
			assert.Contains(t, r.stdout, "[put-merge]")
			assert.Regexp(t, `wrote: create #\d+ paymenttokens-probe-[0-9a-f]{16}: created`, r.stdout)
			if tc.code == exitFailed {
				assert.Contains(t, r.stdout, "merges: the fields it leaves empty keep their value")
				assert.Contains(t, r.stderr, "some answers differ from what this tool assumes (see the meaning of each): run the probe again with --out REPORT, then paymenttokens import FILE --probe REPORT adapts the import to this store")
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
	assert.Regexp(t, `2 probe token\(s\) whose create got no answer were not found yet and may still land in the store until \d\d:\d\d:\d\d .*: after \d\d:\d\d:\d\d, run paymenttokens probe --cleanup --journal .+ to remove them`, r.stderr)

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

// A store whose gateway answers every create 504 (and applies it a moment
// later): the probe exits 1 as its help says, lists every write question
// it could not ask with why, says at what time to run the cleanup, and the
// cleanup then leaves the store as it was, writing nothing new.
func TestProbeOfAStoreThatAnswersEveryCreate504(t *testing.T) {
	t.Parallel()
	sb, env := probeSandbox(t, sandbox.Behaviour{GatewayTimeoutEvery: 1, ApplyLate: time.Second}, 2) // lands after the probe looked
	before := sb.Tokens()
	journal := filepath.Join(t.TempDir(), "probe.journal")
	r := runCLI(t, env, "probe", "--write", "--rate", "0", "--journal", journal, "--base-url", env[envBaseURL])
	require.Equal(t, exitFailed, r.code, "1: probe tokens may still land: %s", r.stderr)
	assert.Contains(t, r.stdout, "no answer to the probe token's create: POST /3dCartWebAPI/v2/PaymentTokens: 504")
	assert.Contains(t, r.stdout, `gateway page "504 Gateway Time-out"`)
	assert.NotContains(t, r.stdout+r.stderr, "<html", "a gateway's page is named, not printed")
	assert.NotContains(t, r.stdout, "0001-01-01")
	for _, q := range []string{"store-clock", "put-merge", "bulk-missing-id", "read-after-delete", "ids-grow", "array-create"} {
		assert.Regexp(t, `\[`+q+`\]\n  verdict     could not tell\n  this store  not asked: the probe token's create got no answer`, r.stdout, q)
	}
	assert.Regexp(t, `may still land in the store until \d\d:\d\d:\d\d \(the journal .+ keeps them\): after \d\d:\d\d:\d\d, run paymenttokens probe --cleanup --base-url `+
		env[envBaseURL]+` --journal .+ to remove them\n$`, r.stderr, "the last line says when and how")
	require.Eventually(t, func() bool { return len(sb.Tokens()) > len(before) }, 5*time.Second, 10*time.Millisecond, "the late create lands")

	r = runCLI(t, env, "probe", "--cleanup", "--rate", "0", "--journal", journal, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var rep probe.Report
	lastJSON(t, r.stdout, &rep)
	assert.Empty(t, rep.Answers, "nothing asked")
	assert.Empty(t, rep.Writes, "nothing written")
	require.Len(t, rep.Cleaned, 1)
	assert.Equal(t, "deleted", rep.Cleaned[0].Outcome)
	assert.Equal(t, before, sb.Tokens(), "the store as it was")
	assert.NoFileExists(t, journal)
}
