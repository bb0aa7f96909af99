package main

import (
	"net"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/redistest"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// redisPassword is the password of the Redis URLs of these tests: no
// message may show it.
const redisPassword = "hunter2-redis-pass"

// closedPort is a port of 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return strconv.Itoa(port)
}

// storeCommands are the commands that talk to a store, with the arguments
// of one run each, given a token file.
func storeCommands(file string) map[string][]string {
	return map[string][]string{
		"export": {"export", "--quiet"},
		"import": {"import", file, "--quiet"},
		"diff":   {"diff", file, "--quiet"},
		"probe":  {"probe", "--quiet"},
	}
}

// TestABadRedisURLIsRefusedWithExit2WithoutItsPassword: a URL that is not
// redis:// or rediss://, or does not parse, is a usage error before any
// request, and the message masks the user and password.
func TestABadRedisURLIsRefusedWithExit2WithoutItsPassword(t *testing.T) {
	t.Parallel()
	sb := newSandboxWith(t)
	defer sb.Close()
	env := sandboxEnvMap(sb)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	for _, url := range []string{
		"http://user:" + redisPassword + "@127.0.0.1:6379",
		"redis://user:" + redisPassword + "@127.0.0.1:6379:x",
		"redis://user:" + redisPassword + "@127.0.0.1:6379/notadb",
	} {
		for name, args := range storeCommands(file) {
			r := runCLI(t, env, append(args, "--redis", url)...)
			assert.Equal(t, exitUsage, r.code, "%s --redis %s: %s", name, url, r.stderr)
			assert.Contains(t, r.stderr, "://[redacted]@127.0.0.1:6379", name)
			assert.NotContains(t, r.stdout+r.stderr, redisPassword, name)
		}
	}
	assert.Zero(t, sb.Stats().Requests, "refused before any request")
}

// TestARedisThatDoesNotAnswerAtStartExits3BeforeAnyRequest: every
// command that talks to a store, given a Redis that does not answer (by
// --redis or by the environment), says so and exits 3 without sending a
// request: never a silent run without the shared budget.
func TestARedisThatDoesNotAnswerAtStartExits3BeforeAnyRequest(t *testing.T) {
	t.Parallel()
	sb := newSandboxWith(t)
	defer sb.Close()
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	dead := "redis://user:" + redisPassword + "@127.0.0.1:" + closedPort(t)
	t.Cleanup(func() { assert.Zero(t, sb.Stats().Requests, "no request to the store") })
	for name, args := range storeCommands(file) {
		for _, byEnv := range []bool{false, true} {
			t.Run(name+map[bool]string{false: " --redis", true: " " + envRedisURL}[byEnv], func(t *testing.T) {
				t.Parallel()
				env, argv := sandboxEnvMap(sb), slices.Clone(args)
				if byEnv {
					env[envRedisURL] = dead
				} else {
					argv = append(argv, "--redis", dead)
				}
				r := runCLI(t, env, argv...)
				assert.Equal(t, exitIncomplete, r.code, r.stderr)
				assert.Contains(t, r.stderr, "the Redis at redis://[redacted]@127.0.0.1:")
				assert.Contains(t, r.stderr, "cannot be used: ")
				assert.NotContains(t, r.stderr, "run without it", "one piece of advice, the command's")
				assert.Contains(t, r.stderr, "nothing was sent to the store")
				assert.NotContains(t, r.stdout+r.stderr, redisPassword)
			})
		}
	}
}

// TestTheRedisFlagWinsOverTheEnvironment: --redis names the Redis even
// when PAYMENTTOKENS_REDIS_URL names another (here, one that does not answer).
func TestTheRedisFlagWinsOverTheEnvironment(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	sb := newSandboxWith(t)
	defer sb.Close()
	sb.Seed(seedTokens(3)...)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	env := sandboxEnvMap(sb)
	env[envRedisURL] = "redis://127.0.0.1:" + closedPort(t)
	r := runCLI(t, env, "diff", file, "--quiet", "--redis", srv.URL())
	assert.Equal(t, exitOK, r.code, r.stderr)
	r = runCLI(t, env, "import", file, "--quiet", "--redis", srv.URL(), "--redis-lease", "2s", "--settle", "50ms")
	assert.Equal(t, exitOK, r.code, r.stderr)
}

// TestTheLeasePeriodIsCheckedAndNeedsRedis: --redis-lease out of range,
// or without Redis, is a usage error.
func TestTheLeasePeriodIsCheckedAndNeedsRedis(t *testing.T) {
	t.Parallel()
	sb := newSandboxWith(t)
	defer sb.Close()
	env := sandboxEnvMap(sb)
	file := writeTokensFile(t, "tokens.jsonl", seedTokens(3))
	r := runCLI(t, env, "import", file, "--redis-lease", "5s")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--redis-lease is the period of the store's lease in Redis: add --redis URL")
	env[envRedisURL] = "redis://127.0.0.1:" + closedPort(t)
	for _, period := range []string{"500ms", "1m1s"} {
		r = runCLI(t, env, "import", file, "--redis-lease", period)
		assert.Equal(t, exitUsage, r.code, period)
		assert.Contains(t, r.stderr, "--redis-lease "+period+": want 1s to 1m", period)
	}
	assert.Zero(t, sb.Stats().Requests)
}

// sandboxEnvMap is the environment that points an in-process run at sb.
func sandboxEnvMap(sb *sandbox.Server) map[string]string {
	creds := sb.Credentials()
	return map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: sb.URL()}
}
