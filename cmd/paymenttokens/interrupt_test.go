package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// slowCreates makes every create take delay before the sandbox applies and
// answers it; a client that leaves during the delay leaves it unapplied.
func slowCreates(delay time.Duration) sandbox.FaultFunc {
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			return &sandbox.Fault{Delay: delay}
		}
		return nil
	}
}

// startImport runs the real binary's import of file against sb.
func startImport(t *testing.T, ctx context.Context, bin string, env []string, file string, stdout, stderr *bytes.Buffer, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append([]string{"import", file, "--rate", "0", "--json", "--concurrency", "4"}, extra...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, stdout, stderr
	require.NoError(t, cmd.Start())
	return cmd
}

// exitCode is the status of a finished command.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

func TestTheFirstInterruptDrainsTheCreatesInFlight(t *testing.T) {
	bin := buildBinary(t)
	sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(300*time.Millisecond)))
	defer sb.Close()
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(40))
	env := sandboxEnv(t, sb)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := startImport(t, ctx, bin, env, file, &stdout, &stderr)
	time.Sleep(time.Second) // creates are in flight: 4 at a time, 300 ms each
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	code := exitCode(t, cmd.Wait())
	assert.Equal(t, exitInterrupted, code, stderr.String())
	assert.Contains(t, stderr.String(), "interrupted: sending nothing new; waiting up to 30s for the answers of the requests in flight")
	assert.Contains(t, stderr.String(), "run the same command again to resume from the journal "+file+".journal")
	held := len(sb.Tokens())
	assert.Positive(t, held)
	assert.Less(t, held, 40)

	// Every create sent got its answer recorded: the rerun has nothing of
	// unknown outcome to wait for, even with an hour's settle window.
	stdout.Reset()
	stderr.Reset()
	rerun := startImport(t, ctx, bin, env, file, &stdout, &stderr, "--settle", "1h")
	require.NoError(t, rerun.Wait(), stderr.String())
	var counts importCounts
	lastJSON(t, stdout.String(), &counts)
	assert.Equal(t, held, counts.Unchanged)
	assert.Equal(t, 40-held, counts.Created)
	assert.Len(t, sb.Tokens(), 40, "every token exactly once")
}

func TestASecondInterruptStopsAtOnceAndTheRerunSettles(t *testing.T) {
	bin := buildBinary(t)
	sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(2*time.Second)))
	defer sb.Close()
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(8))
	env := sandboxEnv(t, sb)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := startImport(t, ctx, bin, env, file, &stdout, &stderr)
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	time.Sleep(100 * time.Millisecond)
	began := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	code := exitCode(t, cmd.Wait())
	assert.Equal(t, exitInterrupted, code, stderr.String())
	assert.Less(t, time.Since(began), time.Second, "the second interrupt does not wait for the answers")

	stdout.Reset()
	stderr.Reset()
	// The abandoned creates land 2 s after they were sent (the backend does
	// not notice the client left): a window longer than that, counted from
	// the first run's send, sees them.
	rerun := startImport(t, ctx, bin, env, file, &stdout, &stderr, "--settle", "3s")
	require.NoError(t, rerun.Wait(), stderr.String())
	assert.Len(t, sb.Tokens(), 8, "the abandoned creates were settled, not doubled")
}

func TestAnUnreachableAPIStopsTheImportWithExit3(t *testing.T) {
	sb := newSandboxWith(t)
	defer sb.Close()
	var posts atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && posts.Add(1) == 5 {
			go srv.Close() // the API goes away: every later dial is refused
		}
		sb.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	creds := sb.Credentials()
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token,
		envBaseURL: srv.URL + contract.BasePath}
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(100))

	began := time.Now()
	r := runCLI(t, env, "import", file, "--quiet", "--rate", "0", "--settle", "50ms")
	assert.Equal(t, exitIncomplete, r.code, r.stderr)
	assert.Less(t, time.Since(began), time.Minute)
	assert.Contains(t, r.stderr, "the API is unreachable")
	assert.Contains(t, r.stderr, "run the same import again")
	assert.NotContains(t, r.stdout+r.stderr, "outcome unknown", "a refused dial is never an unknown outcome")
	assert.True(t, strings.HasPrefix(r.stderr, shortSettleWarning("50ms")), "the warning of a short window, even with --quiet: %s", r.stderr)
	assert.Equal(t, 2, strings.Count(r.stderr, "\n"), r.stderr)
}

// sandboxEnv is the environment that points the binary at sb.
func sandboxEnv(t *testing.T, sb *sandbox.Server) []string {
	t.Helper()
	creds := sb.Credentials()
	baseURL, _ := serveCounted(t, sb)
	return []string{envSecureURL + "=" + creds.SecureURL, envPrivateKey + "=" + creds.PrivateKey,
		envToken + "=" + creds.Token, envBaseURL + "=" + baseURL}
}
