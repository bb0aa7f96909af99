package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// waitForTokens waits, at most 10 s, until sb holds at least n tokens.
func waitForTokens(t *testing.T, sb *sandbox.Server, n int) {
	t.Helper()
	for i := 0; i < 1000 && len(sb.Tokens()) < n; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	require.GreaterOrEqual(t, len(sb.Tokens()), n, "the import created no token within 10 s")
}

// rerunSettles runs the import of file again with an hour's settle window:
// it ends only when the first run recorded the answer of every create it
// sent, and then it makes the store hold each token once.
func rerunSettles(t *testing.T, ctx context.Context, bin string, env []string, file string, sb *sandbox.Server, n int) {
	t.Helper()
	held := len(sb.Tokens())
	var stdout, stderr bytes.Buffer
	rerun := startImport(t, ctx, bin, env, file, &stdout, &stderr, "--settle", "1h")
	require.NoError(t, rerun.Wait(), stderr.String())
	var counts importCounts
	lastJSON(t, stdout.String(), &counts)
	assert.Equal(t, held, counts.Unchanged)
	assert.Equal(t, n-held, counts.Created)
	assert.Len(t, sb.Tokens(), n, "every token exactly once")
}

func TestSIGHUPSIGTERMAndSIGQUITDrainLikeSIGINTAndExitWithTheirOwnStatus(t *testing.T) {
	bin := buildBinary(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGHUP, 129}, {syscall.SIGTERM, 143}, {syscall.SIGQUIT, 131}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(300*time.Millisecond)))
			defer sb.Close()
			file := writeTokensFile(t, "tokens.jsonl", seedTokens(40))
			env := sandboxEnv(t, sb)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			cmd := startImport(t, ctx, bin, env, file, &stdout, &stderr)
			waitForTokens(t, sb, 4) // creates are in flight: 4 at a time, 300 ms each
			require.NoError(t, cmd.Process.Signal(tc.sig))
			assert.Equal(t, tc.code, exitCode(t, cmd.Wait()), stderr.String())
			assert.Contains(t, stderr.String(), "interrupted: sending nothing new; waiting up to 30s for the answers of the requests in flight")
			assert.Contains(t, stderr.String(), "paymenttokens import: interrupted; run the same command again to resume from the journal")
			assert.NotContains(t, stderr.String(), "goroutine", "no dump")
			doc := decodeDocument(t, stdout.String())
			assert.Equal(t, "interrupted", doc["outcome"])
			assert.EqualValues(t, tc.code, doc["exit_status"])
			assert.Less(t, len(sb.Tokens()), 40)
			rerunSettles(t, ctx, bin, env, file, sb, 40)
		})
	}
}

func TestSIGHUPWithTheTerminalGoneStillDrains(t *testing.T) {
	bin := buildBinary(t)
	sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(300*time.Millisecond)))
	defer sb.Close()
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(40))
	env := sandboxEnv(t, sb)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	outR, outW, err := os.Pipe()
	require.NoError(t, err)
	errR, errW, err := os.Pipe()
	require.NoError(t, err)
	cmd := exec.CommandContext(ctx, bin, "import", file, "--rate", "0", "--json", "--concurrency", "4")
	cmd.Env, cmd.Stdout, cmd.Stderr = env, outW, errW
	require.NoError(t, cmd.Start())
	require.NoError(t, outW.Close())
	require.NoError(t, errW.Close())
	waitForTokens(t, sb, 4)
	require.NoError(t, cmd.Process.Signal(syscall.SIGHUP))
	lines := bufio.NewScanner(errR)
	for lines.Scan() { // ends with the pipe at the latest
		if strings.Contains(lines.Text(), "interrupted: sending nothing new") {
			break
		}
	}
	// The session is gone: whatever the run writes now finds no reader.
	require.NoError(t, outR.Close())
	require.NoError(t, errR.Close())
	assert.Equal(t, exitHangup, exitCode(t, cmd.Wait()), "not ended by SIGPIPE")
	rerunSettles(t, ctx, bin, env, file, sb, 40)
}

// TestASignalStillStopsARunAfterTheDrainLimit drives main's handler with
// a run that never ends: after the drain limit a signal still ends it, with
// the first signal's status and, --json being on the line, the document.
func TestASignalStillStopsARunAfterTheDrainLimit(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	h := newInterrupts(cancel)
	var stderr bytes.Buffer
	exited := make(chan int, 1)
	h.drainLimit, h.exitGrace, h.stderr = time.Millisecond, time.Millisecond, &stderr
	h.exit = func(code int) { exited <- code }
	var stdout bytes.Buffer
	c := &cli{io: &ioStreams{out: &stdout, errOut: &stderr}, flags: globalFlags{jsonAsked: jsonAsked([]string{"tokens.jsonl", "--json"})}}
	h.setLastWords(c.lastWords("import", h))
	watched := make(chan struct{})
	go func() { defer close(watched); h.watch() }()

	h.signals <- syscall.SIGTERM
	<-h.drain
	<-ctx.Done() // the drain limit passed; the run, stuck, does not end
	h.signals <- os.Interrupt
	select {
	case code := <-exited:
		assert.Equal(t, exitTerminated, code, "the first signal's status")
	case <-time.After(10 * time.Second):
		t.Fatal("a signal after the drain limit did not stop the run")
	}
	<-watched
	assert.Contains(t, stderr.String(), "paymenttokens: interrupted twice; stopped without waiting further")
	assert.Equal(t, exitTerminated, h.status())
	assert.Equal(t, map[string]any{
		"command": "import", "outcome": "interrupted", "exit_status": float64(exitTerminated),
		"error": hardExitMessage, "next": "run the same command again",
	}, decodeDocument(t, stdout.String()))
}
