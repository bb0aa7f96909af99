package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/redis/go-redis/v9"

	"github.com/shift4shop-go/paymenttokens/internal/redistest"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// procLimit bounds every run of the binary in these tests.
const procLimit = 60 * time.Second

// procRig is the binary, a sandbox served on a server of the test's own,
// and a redis-server, for runs of several processes on one store.
type procRig struct {
	t       *testing.T
	bin     string
	sb      *sandbox.Server
	redis   *redistest.Server
	env     []string
	baseURL string
	quiesce func()
}

func newProcRig(t *testing.T, opts ...sandbox.Option) *procRig {
	t.Helper()
	r := &procRig{t: t, bin: buildBinary(t), sb: newSandboxWith(t, opts...), redis: redistest.Start(t)}
	t.Cleanup(r.sb.Close)
	creds := r.sb.Credentials()
	r.baseURL, r.quiesce = serveCounted(t, r.sb)
	r.env = []string{envSecureURL + "=" + creds.SecureURL, envPrivateKey + "=" + creds.PrivateKey,
		envToken + "=" + creds.Token, envBaseURL + "=" + r.baseURL, envRedisURL + "=" + r.redis.URL()}
	return r
}

// proc is one run of the binary.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
}

// start starts the binary with args; with a prefix (otherMachine), on
// the other machine.
func (r *procRig) start(prefix []string, args ...string) *proc {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.t.Context(), procLimit)
	bin := r.bin
	if prefix != nil {
		bin = there(bin)
	}
	argv := append(append(prefix, bin), args...)
	p := &proc{cmd: exec.CommandContext(ctx, argv[0], argv[1:]...), stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel}
	p.cmd.Env, p.cmd.Stdout, p.cmd.Stderr = r.env, p.stdout, p.stderr
	require.NoError(r.t, p.cmd.Start())
	r.t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait(); cancel() })
	return p
}

// wait waits for the run to end and returns its exit status (-1 when a signal ended it).
func (p *proc) wait() int {
	_ = p.cmd.Wait()
	p.cancel()
	return p.cmd.ProcessState.ExitCode()
}

// run runs the binary with args to its end.
func (r *procRig) run(prefix []string, args ...string) (int, *proc) {
	p := r.start(prefix, args...)
	return p.wait(), p
}

// untilStored waits (at most procLimit) until the sandbox holds n tokens.
func (r *procRig) untilStored(n int) {
	r.t.Helper()
	for start := time.Now(); len(r.sb.Tokens()) < n; time.Sleep(10 * time.Millisecond) {
		require.Less(r.t, time.Since(start), procLimit, "the sandbox never held %d tokens", n)
	}
}

// TestAnImportAndThreeDiffsOnOneStoreThroughRedisGetNo429: four processes
// (an import that rewrites every token, and three diffs, each run twice)
// on one store whose API answers 429 past 20 requests a second (burst 10),
// each paced at that rate: through Redis they share the budget, and the
// store answers none of their requests 429.
func TestAnImportAndThreeDiffsOnOneStoreThroughRedisGetNo429(t *testing.T) {
	t.Parallel()
	const tokens = 200
	r := newProcRig(t, sandbox.WithRateLimit(20, 10), sandbox.WithBehaviour(sandbox.Behaviour{PageCap: 10}))
	stored := seedTokens(tokens)
	r.sb.Seed(stored...)
	changed := seedTokens(tokens)
	for i := range changed {
		changed[i].CardExpYear = 2031
	}
	file := writeTokensFile(t, "tokens.jsonl", changed)
	pace := []string{"--rate", "20", "--burst", "10", "--quiet"}

	imp := r.start(nil, append([]string{"import", file, "--update", "--json", "--settle", "1s", "--redis-lease", "2s"}, pace...)...)
	diffs := make(chan int, 6)
	for range 3 {
		go func() {
			for range 2 {
				code, p := r.run(nil, append([]string{"diff", file}, pace...)...)
				if code != exitOK && code != exitFailed {
					t.Errorf("diff exited %d: %s", code, p.stderr.String())
				}
				diffs <- code
			}
		}()
	}
	require.Equal(t, exitOK, imp.wait(), imp.stderr.String())
	for range 6 {
		<-diffs
	}
	var counts importCounts
	lastJSON(t, imp.stdout.String(), &counts)
	assert.Equal(t, tokens, counts.Updated, "%+v", counts)
	st := r.sb.Stats()
	assert.Zero(t, st.Throttled, "no request answered 429, of %d", st.Requests)
	assert.Greater(t, st.Requests, int64(6*tokens/10), "each diff read the store page by page")
	code, p := r.run(nil, append([]string{"diff", file}, pace...)...)
	assert.Equal(t, exitOK, code, "the store holds the file: %s", p.stderr.String())
}

// otherMachine is the prefix that runs the binary in a mount namespace of
// its own with an empty /tmp, as another machine would see it (no store
// lock of this one); the test's files under /tmp are reached there under
// /mnt (there). It fails the test where a namespace cannot be made.
func otherMachine(t *testing.T) []string {
	t.Helper()
	_, err := exec.LookPath("unshare")
	require.NoError(t, err, "the test runs an import in a mount namespace of its own, with unshare (util-linux)")
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /tmp && echo ok").CombinedOutput()
	require.NoError(t, err, "unshare --mount needs root (or CAP_SYS_ADMIN): %s", out)
	script := `mount --rbind /tmp /mnt && mount -t tmpfs tmpfs /tmp && exec "$@"`
	return []string{"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"}
}

// there is where the path p of this machine is on the other machine.
func there(p string) string {
	if rest, ok := strings.CutPrefix(p, "/tmp/"); ok {
		return "/mnt/" + rest
	}
	return p
}

// TestImportsOnTwoMachinesOneStoreExactlyOnceThroughTheLease: an import
// holds the store's lease in Redis; a second one, from a mount namespace
// with its own /tmp (another machine, as far as the store lock goes), is
// refused before any request, naming the holder. The holder is killed with
// SIGKILL while creates it sent may still land (answered 504, applied 2.5 s
// later, longer than the lease period); an import from the other machine,
// with a journal of its own, takes the store once the lease expires, waits
// the settle window from the killed one's last create, and every key is
// held exactly once.
func TestImportsOnTwoMachinesOneStoreExactlyOnceThroughTheLease(t *testing.T) {
	t.Parallel()
	const tokens = 80
	prefix := otherMachine(t)
	r := newProcRig(t, sandbox.WithBehaviour(sandbox.Behaviour{CreateDelay: 50 * time.Millisecond, GatewayTimeoutEvery: 4, ApplyLate: 2500 * time.Millisecond}))
	source := seedTokens(tokens)
	file := writeTokensFile(t, "tokens.jsonl", source)
	other := t.TempDir()
	lease := []string{"--redis-lease", "2s", "--settle", "4s", "--rate", "0", "--quiet"}

	holder := r.start(nil, append([]string{"import", file, "--concurrency", "2"}, lease...)...)
	r.untilStored(10)
	code, refused := r.run(prefix, append([]string{"import", there(file), "--journal", there(filepath.Join(other, "j")), "--map-out", there(filepath.Join(other, "m.csv"))}, lease...)...)
	host, _ := os.Hostname()
	assert.Equal(t, exitUsage, code, refused.stderr.String())
	assert.Contains(t, refused.stderr.String(), "another import into this store is running: process "+strconv.Itoa(holder.cmd.Process.Pid)+" on "+host+" holds the store's lease in the Redis at "+r.redis.URL()+" since ")

	require.NoError(t, holder.cmd.Process.Signal(syscall.SIGKILL))
	assert.Equal(t, -1, holder.wait(), "killed")
	var takeover *proc
	for range 40 { // the lease expires within its 2s period
		code, takeover = r.run(prefix, append([]string{"import", there(file), "--json", "--journal", there(filepath.Join(other, "j")), "--map-out", there(filepath.Join(other, "m.csv"))}, lease...)...)
		if code != exitUsage {
			break
		}
		require.Contains(t, takeover.stderr.String(), "holds the store's lease")
		time.Sleep(100 * time.Millisecond)
	}
	require.Equal(t, exitOK, code, takeover.stderr.String())
	r.quiesce()
	held := map[string]int{}
	for _, tok := range r.sb.Tokens() {
		held[crashKey(tok)]++
	}
	for _, tok := range source {
		assert.Equal(t, 1, held[crashKey(tok)], "key %s held once", crashKey(tok))
	}
	assert.Len(t, held, tokens)
	assert.Positive(t, r.sb.Stats().AppliedLate, "some creates landed late")
}

// TestAnImportWhoseLeaseIsLostStopsItsWritesBeforeAnotherHolderStarts:
// Redis restarted empty forgets the import's lease; the import finds out,
// sends nothing more and exits 3 saying so, before another process can
// take the lease.
func TestAnImportWhoseLeaseIsLostStopsItsWritesBeforeAnotherHolderStarts(t *testing.T) {
	t.Parallel()
	r := newProcRig(t, sandbox.WithBehaviour(sandbox.Behaviour{CreateDelay: 50 * time.Millisecond}))
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(200))
	holder := r.start(nil, "import", file, "--redis-lease", "2s", "--settle", "1s", "--rate", "0", "--quiet", "--concurrency", "1")
	r.untilStored(5)

	r.redis.Stop()
	r.redis.Start()
	creds := r.sb.Credentials()
	c, err := wrapper.New(wrapper.Credentials{SecureURL: creds.SecureURL, PrivateKey: creds.PrivateKey, Token: creds.Token}, wrapper.WithBaseURL(r.baseURL))
	require.NoError(t, err)
	rdb := newRedisClient(&redis.Options{Addr: r.redis.Addr()})
	defer rdb.Close()
	next, err := rediscoord.AcquireLease(t.Context(), rdb, "import:"+c.StoreDigest(), 2*time.Second)
	require.NoError(t, err, "another process takes the lease")
	defer next.Release(context.Background())
	posts := r.sb.Stats().ByMethod["POST"]

	assert.Equal(t, exitIncomplete, holder.wait(), holder.stderr.String())
	assert.Contains(t, holder.stderr.String(), "the store's lease was lost")
	assert.Contains(t, holder.stderr.String(), "run the same command again")
	r.quiesce()
	assert.Equal(t, posts, r.sb.Stats().ByMethod["POST"], "no create sent once another process could hold the lease")
	assert.Less(t, len(r.sb.Tokens()), 200, "the import stopped mid-way")
}
