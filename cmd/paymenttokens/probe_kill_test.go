package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// TestAProbeKilledMidWriteIsCleanedUpByTheNextRun runs the real binary,
// SIGKILLs it while the store holds its first create (a slow create, so
// that the kill lands before the answer), then runs it again in the same
// folder: the second run removes the token the first one made, says so,
// and the store ends with no probe token.
func TestAProbeKilledMidWriteIsCleanedUpByTheNextRun(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	posted := make(chan struct{}, 1)
	sb := newSandboxWith(t, sandbox.WithBehaviour(sandbox.Behaviour{CreateDelay: 300 * time.Millisecond}),
		sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
			if r.Method == http.MethodPost {
				select {
				case posted <- struct{}{}:
				default:
				}
			}
			return nil
		}))
	t.Cleanup(sb.Close)
	sb.Seed(seedTokens(3)...)
	env := sandboxEnv(t, sb)
	dir := t.TempDir()
	probeRun := func(ctx context.Context, stdout *bytes.Buffer) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "probe", "--write", "--rate", "0")
		cmd.Dir, cmd.Env, cmd.Stdout = dir, env, stdout
		require.NoError(t, cmd.Start())
		return cmd
	}

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var first bytes.Buffer
	cmd := probeRun(ctx, &first)
	select {
	case <-posted:
	case <-time.After(20 * time.Second):
		t.Fatal("the probe sent no create within 20s")
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	var exit *exec.ExitError
	require.True(t, errors.As(cmd.Wait(), &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL, "killed mid-create")
	assert.FileExists(t, filepath.Join(dir, defaultProbeJournal))

	var left []int32
	for range 200 { // the create lands 300ms after it arrived: wait at most 2s
		if left = probeIDs(sb); len(left) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.Len(t, left, 1, "the killed run's create landed")

	var second bytes.Buffer
	require.NoError(t, probeRun(ctx, &second).Wait(), second.String())
	assert.Regexp(t, `cleaned \(left by an earlier probe\): delete #`+strconv.Itoa(int(left[0]))+` paymenttokens-probe-[0-9a-f]{16}: deleted`, second.String())
	assert.Empty(t, probeIDs(sb))
	assert.Len(t, sb.Tokens(), 3)
	assert.NoFileExists(t, filepath.Join(dir, defaultProbeJournal))
}

// probeIDs are the ids of the probe tokens sb holds.
func probeIDs(sb *sandbox.Server) []int32 {
	var ids []int32
	for _, tk := range sb.Tokens() {
		if strings.HasPrefix(tk.PaymentProfileID, probe.Marker) {
			ids = append(ids, tk.PaymentTokenID)
		}
	}
	return ids
}

// TestASIGINTedProbeRemovesItsTokenAndExits130 interrupts the real binary
// during its partial update: it removes its probe token, then exits 130.
func TestASIGINTedProbeRemovesItsTokenAndExits130(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	updating := make(chan struct{}, 1)
	sb := newSandboxWith(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPut && !strings.HasSuffix(r.URL.Path, "/PaymentTokens") {
			select {
			case updating <- struct{}{}:
			default:
			}
			return &sandbox.Fault{Delay: 2 * time.Second} // ends early when the client gives up
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	sb.Seed(seedTokens(2)...)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "probe", "--write", "--rate", "0")
	cmd.Dir, cmd.Env, cmd.Stdout = dir, sandboxEnv(t, sb), &stdout
	require.NoError(t, cmd.Start())
	select {
	case <-updating:
	case <-time.After(20 * time.Second):
		t.Fatal("the probe sent no update within 20s")
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	var exit *exec.ExitError
	require.ErrorAs(t, cmd.Wait(), &exit)
	assert.Equal(t, exitInterrupted, exit.ExitCode(), stdout.String())
	assert.Regexp(t, `wrote: delete #3 paymenttokens-probe-[0-9a-f]{16}: deleted`, stdout.String())
	assert.Len(t, sb.Tokens(), 2)
	assert.NoFileExists(t, filepath.Join(dir, defaultProbeJournal))
}
