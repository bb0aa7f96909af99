package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// probeReport runs "probe --write --out" against the store of env and
// returns the report's path, in a folder of its own.
func probeReport(t *testing.T, env map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	r := runCLI(t, env, "probe", "--write", "--quiet", "--rate", "0", "--out", out, "--journal", filepath.Join(dir, "probe.journal"))
	require.Contains(t, []int{exitOK, exitFailed}, r.code, r.stderr)
	return out
}

func TestBulkCreateIsRefusedUnlessAProbeReportOfThisStoreProvedIt(t *testing.T) {
	t.Parallel()
	target, env := probeSandbox(t, sandbox.Behaviour{}, 0)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))
	refusedBeforeAnyRequest(t, target, env, []string{"import", file, "--bulk-create", "100"},
		"paymenttokens import: --bulk-create needs --probe FILE", "paymenttokens probe --write --out FILE")
	refusedBeforeAnyRequest(t, target, env, []string{"import", file, "--bulk-create", "501"}, "--bulk-create 501: want 1 to 500")

	saysNo := probeReport(t, env)
	refusedBeforeAnyRequest(t, target, env, []string{"import", file, "--bulk-create", "100", "--probe", saysNo},
		"--bulk-create: the probe report "+saysNo+" does not show that this store's POST takes an array (it says \"no\"")

	other, otherEnv := probeSandbox(t, sandbox.Behaviour{ArrayCreate: true}, 0)
	saysYesElsewhere := probeReport(t, otherEnv)
	refusedBeforeAnyRequest(t, target, env, []string{"import", file, "--bulk-create", "100", "--probe", saysYesElsewhere},
		"--probe "+saysYesElsewhere+": the report is of another store than this import's")

	refusedBeforeAnyRequest(t, target, env, []string{"import", file, "--probe", file}, "--probe "+file+": probe report:")
	assert.Empty(t, target.Tokens())
	assert.Empty(t, other.Tokens(), "the probe removed its tokens")
}

func TestBulkCreateAfterAProbeThatProvedItCreatesEveryTokenOnceInArrays(t *testing.T) {
	t.Parallel()
	target, env := probeSandbox(t, sandbox.Behaviour{ArrayCreate: true}, 0)
	report := probeReport(t, env)
	const n = 250
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(n))
	before := target.Stats().Requests
	r := runCLI(t, env, "import", file, "--probe", report, "--bulk-create", "100", "--rate", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "import: from the probe report "+report+": creates in arrays of up to 100")
	requests := target.Stats().Requests - before
	assert.LessOrEqual(t, requests, int64(10), "3 arrays of creates and a few reads, not %d creates", n)
	keys := map[string]int{}
	for _, tok := range target.Tokens() {
		keys[tok.PaymentProfileID]++
	}
	assert.Len(t, keys, n)
	for k, count := range keys {
		assert.Equal(t, 1, count, k)
	}
}

// mergingTarget is a store whose PUT merges and whose pages hold at most
// 120 tokens, holding an earlier migration of the first 150 of file's
// tokens: the first 10 with a GatewayName the file has since emptied, the
// others with an old OrderID.
func mergingTarget(t *testing.T, file []wrapper.PaymentToken) (*sandbox.Server, map[string]string) {
	t.Helper()
	sb, env := probeSandbox(t, sandbox.Behaviour{MergePUT: true, PageCap: 120}, 0)
	for i, tok := range file[:150] {
		if i < 10 {
			tok.GatewayName = "Old Gateway"
		} else {
			tok.OrderID = 1
		}
		sb.Seed(tok)
	}
	return sb, env
}

func TestAMigrationAfterAProbeOfAMergingPageCappedStoreLeavesNoFieldSilentlyStale(t *testing.T) {
	t.Parallel()
	tokens := seedTokens(300)
	for i := range 10 {
		tokens[i].GatewayName = ""
	}
	file := writeTokensFile(t, "tokens.jsonl", tokens)

	// Without a probe, the merging PUT keeps the emptied GatewayName; the
	// first update that had to clear it is read back, so the run says so
	// for those tokens rather than count them updated. --probe knows
	// before sending.
	blind, blindEnv := mergingTarget(t, tokens)
	r := runCLI(t, blindEnv, "import", file, "--update", "--rate", "0", "--json", "--journal", file+".blind.journal", "--map-out", file+".blind.csv")
	require.Equal(t, exitFailed, r.code, r.stderr)
	assert.Equal(t, 10, countGateway(blind.Tokens(), "Old Gateway"), "left stale")
	var blindSummary importSummary
	lastJSON(t, r.stdout, &blindSummary)
	assert.Equal(t, []int{140, 10}, []int{blindSummary.Updated, blindSummary.Failed}, "not reported updated")
	require.NotEmpty(t, blindSummary.Failures)
	assert.Contains(t, blindSummary.Failures[0].Reason, "the target kept GatewayName")

	target, env := mergingTarget(t, tokens)
	report := probeReport(t, env)
	var rep struct {
		Facts struct {
			PageCap      int    `json:"pageCap"`
			PageCapExact bool   `json:"pageCapExact"`
			PUTMerges    string `json:"putMerges"`
		} `json:"facts"`
	}
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	require.Equal(t, 120, rep.Facts.PageCap)
	require.True(t, rep.Facts.PageCapExact)
	require.Equal(t, "yes", rep.Facts.PUTMerges)

	r = runCLI(t, env, "import", file, "--update", "--probe", report, "--rate", "0", "--json")
	assert.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stderr, "pages of 120 tokens (the store's cap); PUT merges")
	var s importSummary
	lastJSON(t, r.stdout, &s)
	assert.Equal(t, 150, s.Created)
	assert.Equal(t, 140, s.Updated)
	assert.Equal(t, 10, s.Failed)
	require.Len(t, s.Failures, 10)
	for _, f := range s.Failures {
		assert.Contains(t, f.Reason, "GatewayName", "the reason names the field that cannot be cleared")
	}

	byKey := map[string][]wrapper.PaymentToken{}
	for _, tok := range target.Tokens() {
		byKey[tok.PaymentProfileID] = append(byKey[tok.PaymentProfileID], tok)
	}
	require.Len(t, byKey, 300, "every key")
	for i, want := range tokens {
		got := byKey[want.PaymentProfileID]
		require.Len(t, got, 1, "key %s once", want.PaymentProfileID)
		if i < 10 {
			assert.Equal(t, "Old Gateway", got[0].GatewayName, "reported above, not claimed done")
			continue
		}
		assert.Equal(t, want.OrderID, got[0].OrderID, want.PaymentProfileID)
	}
}

// countGateway counts the tokens with the GatewayName name.
func countGateway(ts []wrapper.PaymentToken, name string) int {
	n := 0
	for _, tok := range ts {
		if tok.GatewayName == name {
			n++
		}
	}
	return n
}

// forgeArrayCreate rewrites a probe report to say that the store's POST
// takes an array.
func forgeArrayCreate(t *testing.T, report string) {
	t.Helper()
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	facts, ok := doc["facts"].(map[string]any)
	require.True(t, ok, "the report has its facts")
	facts["arrayCreate"] = "yes"
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(report, data, 0o600))
}

func TestABulkImportWhoseEveryArrayIsRefusedAdvisesWhatCanSucceed(t *testing.T) {
	t.Parallel()
	target, env := probeSandbox(t, sandbox.Behaviour{}, 0) // refuses arrays
	report := probeReport(t, env)
	forgeArrayCreate(t, report)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(5))

	r := runCLI(t, env, "import", file, "--probe", report, "--bulk-create", "10", "--rate", "0", "--quiet", "--json")
	assert.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stderr, "the store refused every create sent in an array and created none")
	assert.Contains(t, r.stderr, "run it again without --bulk-create")
	assert.NotContains(t, r.stderr, "run the same command again")
	var doc struct{ Next string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	assert.Contains(t, doc.Next, "without --bulk-create")
	assert.Empty(t, target.Tokens())

	r = runCLI(t, env, "import", file, "--probe", report, "--rate", "0", "--quiet") // as advised
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Len(t, target.Tokens(), 5)
}
