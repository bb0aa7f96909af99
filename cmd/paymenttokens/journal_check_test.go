package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// refusedBeforeAnyRequest runs the command in a real run and a dry run and
// checks that each exits 2 with a one-line message holding every want,
// sends no request and leaves the folder as it was.
func refusedBeforeAnyRequest(t *testing.T, sb *sandbox.Server, env map[string]string, args []string, want ...string) {
	t.Helper()
	dir := filepath.Dir(args[1])
	before := snapshot(t, dir)
	requests := sb.Stats().Requests
	for _, dry := range []string{"--dry-run=false", "--dry-run=true"} {
		r := runCLI(t, env, append(args, "--quiet", dry)...)
		assert.Equal(t, exitUsage, r.code, "%s: %s", dry, r.stderr)
		for _, w := range want {
			assert.Contains(t, r.stderr, w, dry)
		}
		assert.Equal(t, 1, lineCount(r.stderr), r.stderr)
		assert.Equal(t, before, snapshot(t, dir), "%s: the journal as it was, and no new file (nor lock)", dry)
	}
	assert.Equal(t, requests, sb.Stats().Requests, "no request")
}

func TestAJournalOfAnotherStoreIsRefused(t *testing.T) {
	_, envA := newSandbox(t)
	storeB, envB := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	require.Equal(t, exitOK, runCLI(t, envA, "import", file, "--quiet").code)

	refusedBeforeAnyRequest(t, storeB, envB, []string{"import", file, "--map-out", file + ".b.csv"},
		"paymenttokens import: --journal "+file+".journal: the journal belongs to another store: "+file+".journal was written for the store sandbox-store.3dcartstores.com at "+hostOf(t, envA[envBaseURL])+
			", and this client's store is sandbox-store.3dcartstores.com at "+hostOf(t, envB[envBaseURL])+", reached at none",
		"a journal serves one store: give this import another journal path")
	assert.Empty(t, storeB.Tokens())
}

// hostOf is the host and port of a URL.
func hostOf(t *testing.T, u string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	require.NoError(t, err)
	return parsed.Host
}

// interruptAtCreate interrupts the run (as Ctrl-C would) while the sandbox
// handles the create numbered n, which is applied and its answer cut: the
// journal holds its intent and no outcome.
func interruptAtCreate(n int32, interrupt func()) sandbox.FaultFunc {
	var posts atomic.Int32
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost && posts.Add(1) == n {
			interrupt()
			return &sandbox.Fault{Cut: sandbox.CutMidBody}
		}
		return nil
	}
}

// rewriteTokens replaces the token file at path with ts.
func rewriteTokens(t *testing.T, path string, ts []wrapper.PaymentToken) {
	t.Helper()
	data, err := os.ReadFile(writeTokensFile(t, filepath.Base(path), ts))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
}

func TestAnEditedFileIsRefusedSayingWhichCreatesToSettleOrThatANewJournalIsSafe(t *testing.T) {
	ctx, interrupt := context.WithCancel(t.Context())
	defer interrupt()
	sb, env, quiesce := countedSandbox(t, interruptAtCreate(3, interrupt))
	source := seedTokens(7)
	file := writeTokensFile(t, "tokens.jsonl", source[:6])
	original, err := os.ReadFile(file)
	require.NoError(t, err)
	journal := file + ".journal"

	r := runCLICtx(ctx, env, "import", file, "--quiet", "--concurrency", "1")
	require.Equal(t, exitInterrupted, r.code, r.stderr)
	quiesce()
	require.Len(t, sb.Tokens(), 3, "lines 1 and 2 created, and line 3 whose answer was cut")

	// Line 3's create is not settled: a new journal could create it twice.
	rewriteTokens(t, file, source[1:7]) // line 1 dropped: line 3 is line 2 now
	refusedBeforeAnyRequest(t, sb, env, []string{"import", file},
		"paymenttokens import: --journal "+journal+": the journal belongs to another import: "+journal+" was written for another version of "+file+" (SHA-256 ",
		"1 create(s) it recorded are not settled",
		`line 3 of the old file (now line 2, key GatewayID=7 CustomerProfileID="cust-profile" PaymentProfileID="pay-profile-3")`,
		"run again with the file as it was when the journal began and the same journal; or check with diff that the store holds each of these keys once")
	rewriteTokens(t, file, append(source[:2:2], source[3:]...))
	refusedBeforeAnyRequest(t, sb, env, []string{"import", file}, "line 3 of the old file (not in the file now)")

	// Run with the file as it was: the create is settled, the import finishes.
	require.NoError(t, os.WriteFile(file, original, 0o600))
	r = runCLI(t, env, "import", file, "--json", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 3, Unchanged: 3}, counts)

	// Every create is settled: a new journal is safe, and the message says how.
	rewriteTokens(t, file, source)
	refusedBeforeAnyRequest(t, sb, env, []string{"import", file},
		"every create it recorded is settled, so a new journal is safe: give another journal path, or delete "+journal+", and run again")
	r = runCLI(t, env, "import", file, "--journal", file+".2.journal", "--json", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 1, Unchanged: 6}, counts)
	assert.Len(t, sb.Tokens(), 7, "every token once")
}

func TestOnlyATornLastRecordIsCutFromAJournal(t *testing.T) {
	sb, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	journal := file + ".journal"
	require.Equal(t, exitOK, runCLI(t, env, "import", file, "--quiet").code)
	complete, err := os.ReadFile(journal)
	require.NoError(t, err)
	lines := strings.Count(string(complete), "\n")

	for tail, damaged := range map[string]bool{
		`{"op":"intent","key":"0a1b`:                              false, // a crash in the middle of an append
		`{"op":"created","key":"0a1b2c","line":3,"id":12,"at":17`: false,
		`garbage`:                     true, // not something this tool writes
		"garbage\n":                   true, // a whole line is never a torn append
		`{"op":"intent","nope":1`:     true,
		`{"op":"intent","key":"0a"}x`: true,
	} {
		require.NoError(t, os.WriteFile(journal, append(complete[:len(complete):len(complete)], tail...), 0o600))
		if !damaged {
			r := runCLI(t, env, "import", file, "--quiet")
			require.Equal(t, exitOK, r.code, "%q: %s", tail, r.stderr)
			after, err := os.ReadFile(journal)
			require.NoError(t, err)
			assert.Equal(t, string(complete), string(after), "%q: the torn record is cut, and a run that wrote nothing adds nothing", tail)
			continue
		}
		refusedBeforeAnyRequest(t, sb, env, []string{"import", file},
			fmt.Sprintf("--journal %s: the journal is damaged: line %d of %s cannot be read, so what it recorded is not known", journal, lines+1, journal))
	}
}

func TestAFileFixedAfterTheAPIRefusedATokenNeedsANewJournalWhichIsSafe(t *testing.T) {
	var posts atomic.Int32
	sb, env, _ := countedSandbox(t, func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost && posts.Add(1) == 2 {
			return &sandbox.Fault{Status: http.StatusBadRequest, Body: []byte(`[{"Key":"Error","Value":"CardExpYear is invalid"}]`)}
		}
		return nil
	})
	source := seedTokens(3)
	file := writeTokensFile(t, "tokens.jsonl", source)
	r := runCLI(t, env, "import", file, "--quiet", "--concurrency", "1")
	require.Equal(t, exitFailed, r.code, r.stderr)
	assert.Contains(t, r.stdout, "failed         line 2 ")

	source[1].CardExpYear = 2031 // the fix
	rewriteTokens(t, file, source)
	refusedBeforeAnyRequest(t, sb, env, []string{"import", file},
		"every create it recorded is settled, so a new journal is safe: give another journal path, or delete "+file+".journal, and run again")
	require.NoError(t, os.Remove(file+".journal"))
	r = runCLI(t, env, "import", file, "--json", "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	var counts importCounts
	lastJSON(t, r.stdout, &counts)
	assert.Equal(t, importCounts{Created: 1, Unchanged: 2}, counts)
}

func TestAnImportRefusedAfterItsJournalWasStartedLeavesNoFileBehind(t *testing.T) {
	sb, env := newSandbox(t, seedTokens(10)...)
	for name, args := range map[string][]string{
		"a malformed file": {"import", writeFile(t, "bad.jsonl", "{\"GatewayID\":1,\"PaymentProfileID\":\"a\"}\nnot json\n")},
		"a prune too wide": {"import", writeTokensFile(t, "tokens.jsonl", seedTokens(1)), "--prune"},
	} {
		dir := filepath.Dir(args[1])
		before := snapshot(t, dir)
		r := runCLI(t, env, append(args, "--quiet")...)
		assert.Equal(t, exitUsage, r.code, "%s: %s", name, r.stderr)
		assert.Equal(t, before, snapshot(t, dir), "%s: no journal, no id map, no temporary file", name)
	}
	assert.Len(t, sb.Tokens(), 10)
}
