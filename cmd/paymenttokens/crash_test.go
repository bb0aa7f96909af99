package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// Bounds of the crash test: tokens in the file, kills, the delay before each
// kill, the share of creates whose answer is cut after the write, and the
// longest any run of the binary may take.
const (
	crashTokens   = 300
	crashKills    = 5
	crashMinDelay = 20 * time.Millisecond
	crashMaxDelay = 400 * time.Millisecond
	crashCutShare = 0.05
	crashRunLimit = 30 * time.Second
)

// buildBinary builds the command into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "the crash test builds the real binary and needs the go command on PATH")
	bin := filepath.Join(t.TempDir(), "paymenttokens")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// cutSomeCreates cuts the answer of a share of the creates after the sandbox
// stored the token, so that the client cannot know the outcome.
func cutSomeCreates(rng *rand.Rand, share float64) sandbox.FaultFunc {
	var mu sync.Mutex
	return func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost {
			return nil
		}
		mu.Lock()
		cut := rng.Float64() < share
		mu.Unlock()
		if cut {
			return &sandbox.Fault{Cut: sandbox.CutMidBody}
		}
		return nil
	}
}

// TestImportKilledAtRandomPointsCreatesEveryTokenExactlyOnce runs the real
// binary against a sandbox that cuts some answers after writing, SIGKILLs it
// at random points, then lets a last run finish: the target must hold every
// key of the file exactly once, and the id map must point at them.
func TestImportKilledAtRandomPointsCreatesEveryTokenExactlyOnce(t *testing.T) {
	crashImport(t, sandbox.Behaviour{}, "300ms")
}

// TestImportKilledDuringSettleWindowsOfAMisbehavingStore is the same with
// several faults at once: a store that serves at most 300 tokens a page,
// answers its own 404 once in the middle of a walk, and whose gateway
// answers every 10th create 504 while its backend applies it 250 ms later;
// the kills fall during the settle windows too.
func TestImportKilledDuringSettleWindowsOfAMisbehavingStore(t *testing.T) {
	crashImport(t, sandbox.Behaviour{PageCap: 300, NotFoundOnceAt: 301, GatewayTimeoutEvery: 10, ApplyLate: 250 * time.Millisecond}, "400ms")
}

// crashImport kills imports into a sandbox that behaves as b and cuts some
// answers after writing, then checks the last run's result and the store.
func crashImport(t *testing.T, b sandbox.Behaviour, settle string) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("PAYMENTTOKENS_CRASH_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "PAYMENTTOKENS_CRASH_SEED")
	}
	t.Logf("seed %d (rerun with PAYMENTTOKENS_CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	bin := buildBinary(t)
	sb := newSandboxWith(t, sandbox.WithBehaviour(b), sandbox.WithFaults(cutSomeCreates(rand.New(rand.NewPCG(seed, 1)), crashCutShare)))
	defer sb.Close()
	source := seedTokens(crashTokens)
	sb.Seed(source[:20]...) // the target already holds some: they are matched, not created again
	file := writeTokensFile(t, "tokens.jsonl", source)
	creds := sb.Credentials()
	baseURL, quiesce := serveCounted(t, sb)
	env := []string{
		envSecureURL + "=" + creds.SecureURL, envPrivateKey + "=" + creds.PrivateKey,
		envToken + "=" + creds.Token, envBaseURL + "=" + baseURL,
	}
	start := func(ctx context.Context, stdout, stderr *bytes.Buffer) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "import", file, "--rate", "200", "--burst", "10", "--json", "--settle", settle)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, stdout, stderr
		require.NoError(t, cmd.Start())
		return cmd
	}

	killed := 0
	for i := range crashKills {
		ctx, cancel := context.WithTimeout(t.Context(), crashRunLimit)
		var stdout, stderr bytes.Buffer
		cmd := start(ctx, &stdout, &stderr)
		delay := crashMinDelay + time.Duration(rng.Int64N(int64(crashMaxDelay-crashMinDelay)))
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL) // fails when the run already ended, which the Wait below tells
		err := cmd.Wait()
		cancel()
		quiesce() // the store must not be written by anything else during the next run
		var exit *exec.ExitError
		switch {
		case err == nil:
			t.Logf("run %d finished before its kill after %v", i+1, delay)
		case errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
			killed++
			t.Logf("run %d killed after %v; the store holds %d tokens", i+1, delay, len(sb.Tokens()))
		default:
			t.Fatalf("run %d: %v\nstdout: %s\nstderr: %s", i+1, err, stdout.String(), stderr.String())
		}
	}
	assert.Positive(t, killed, "at least one run must have been killed mid-way (seed %d)", seed)

	ctx, cancel := context.WithTimeout(t.Context(), crashRunLimit)
	defer cancel()
	var stdout, stderr bytes.Buffer
	require.NoError(t, start(ctx, &stdout, &stderr).Wait(), "the last run\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	var counts importCounts
	lastJSON(t, stdout.String(), &counts)
	assert.Equal(t, crashTokens, counts.Created+counts.Unchanged, "every token created or matched: %+v", counts)
	assert.Zero(t, counts.Failed+counts.Updated+counts.Deleted)

	stored := map[string][]wrapper.PaymentToken{}
	byID := map[int32]wrapper.PaymentToken{}
	for _, tok := range sb.Tokens() {
		stored[crashKey(tok)] = append(stored[crashKey(tok)], tok)
		byID[tok.PaymentTokenID] = tok
	}
	for _, tok := range source {
		assert.Len(t, stored[crashKey(tok)], 1, "key %s must be held exactly once (seed %d)", crashKey(tok), seed)
	}
	assert.Len(t, stored, crashTokens, "nothing but the file's keys (seed %d)", seed)

	ids, err := tokenfile.ReadIDMap(file + ".idmap.csv")
	require.NoError(t, err)
	assert.Len(t, ids, crashTokens)
	for _, name := range []string{file + ".journal", file + ".idmap.csv"} {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.NotContains(t, string(data), creds.PrivateKey, name)
		assert.NotContains(t, string(data), creds.Token, name)
	}
	for i, tok := range source {
		target, ok := byID[ids[int32(i+1)]]
		if assert.True(t, ok, "source id %d maps to %d, which the target lacks", i+1, ids[int32(i+1)]) {
			assert.Equal(t, crashKey(tok), crashKey(target), "source id %d", i+1)
		}
	}
}

// crashKey is a token's default key.
func crashKey(t wrapper.PaymentToken) string {
	return fmt.Sprintf("%d/%s/%s", t.GatewayID, t.CustomerProfileID, t.PaymentProfileID)
}
