package main

import (
	"context"
	"encoding/json"
	"flag"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/storeenv"
)

// startSandbox runs "paymenttokens sandbox args..." in-process and returns
// the environment its export lines set, and a stop function returning what
// the command printed on stderr and its exit status.
func startSandbox(t *testing.T, args ...string) (env map[string]string, stop func() (string, int)) {
	t.Helper()
	stdout, stop := launchSandbox(t, args...)
	require.Eventually(t, func() bool { return strings.Count(stdout.String(), "\n") >= 4 }, 10*time.Second, 10*time.Millisecond,
		"the sandbox printed no export lines")
	env = map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		require.True(t, ok, "not an export line: %q", line)
		env[name] = value
	}
	require.Len(t, env, 4)
	return env, stop
}

// startSandboxJSON is startSandbox with --json: the environment comes
// from the one document it prints once serving.
func startSandboxJSON(t *testing.T, args ...string) (env map[string]string, stop func() (string, int)) {
	t.Helper()
	stdout, stopSandbox := launchSandbox(t, append([]string{"--json"}, args...)...)
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "\n") }, 10*time.Second, 10*time.Millisecond,
		"the sandbox printed no document")
	var doc struct {
		Command, Outcome string
		ExitStatus       *int `json:"exit_status"`
		Summary          sandboxSummary
	}
	require.NoError(t, json.Unmarshal([]byte(stdout.String()), &doc))
	assert.Equal(t, "sandbox", doc.Command)
	assert.Equal(t, "serving", doc.Outcome)
	assert.Nil(t, doc.ExitStatus)
	assert.Equal(t, doc.Summary.BaseURL, doc.Summary.Env[envBaseURL])
	require.Len(t, doc.Summary.Env, 4)
	return doc.Summary.Env, func() (string, int) {
		stderr, code := stopSandbox()
		assert.Equal(t, 1, strings.Count(stdout.String(), "\n"), "one document only: %s", stdout.String())
		return stderr, code
	}
}

// launchSandbox runs the sandbox command in-process and returns its stdout
// and a function that interrupts it and returns its stderr and exit status.
func launchSandbox(t *testing.T, args ...string) (stdout *syncBuffer, stop func() (string, int)) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stdout = &syncBuffer{}
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sandbox"}, args...), stdout, &stderr, func(string) string { return "" })
	}()
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { cancel(); <-done }) })
	return stdout, func() (string, int) {
		cancel()
		select {
		case code := <-done:
			once.Do(func() {})
			return stderr.String(), code
		case <-time.After(10 * time.Second):
			t.Fatal("the sandbox did not stop within 10 s of its interrupt")
			return "", -1
		}
	}
}

func TestSandboxServesSeededTokensAndStopsOnInterrupt(t *testing.T) {
	env, stop := startSandbox(t, "--seed", "7")
	client, err := wrapper.New(wrapper.Credentials{
		SecureURL: env[envSecureURL], PrivateKey: env[envPrivateKey], Token: env[envToken],
	}, wrapper.WithBaseURL(env[envBaseURL]))
	require.NoError(t, err)
	n, err := client.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 7, n)

	wrong, err := wrapper.New(wrapper.Credentials{SecureURL: env[envSecureURL], PrivateKey: "wrong", Token: env[envToken]},
		wrapper.WithBaseURL(env[envBaseURL]))
	require.NoError(t, err)
	_, err = wrong.Count(t.Context())
	require.ErrorIs(t, err, wrapper.ErrUnauthorized, "the sandbox must check the credentials it printed")

	stderr, code := stop()
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "serving 7 tokens at "+env[envBaseURL])
	assert.Contains(t, stderr, "sandbox: stopped")
}

func TestSandboxListensOnAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())

	env, stop := startSandbox(t, "--addr", "127.0.0.1:"+strconv.Itoa(port), "--quiet")
	assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(port)+"/3dCartWebAPI/v2", env[envBaseURL])
	stderr, code := stop()
	assert.Equal(t, exitOK, code)
	assert.Empty(t, stderr, "--quiet prints no notes")
}

func TestSandboxRateLimitAnswers429BeyondTheBurst(t *testing.T) {
	env, stop := startSandbox(t, "--rate", "0.5", "--burst", "2", "--quiet")
	defer stop()
	client, err := wrapper.New(wrapper.Credentials{
		SecureURL: env[envSecureURL], PrivateKey: env[envPrivateKey], Token: env[envToken],
	}, wrapper.WithBaseURL(env[envBaseURL]), wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(0))
	require.NoError(t, err)
	var lastErr error
	for range 3 {
		_, lastErr = client.Count(t.Context())
	}
	require.ErrorIs(t, lastErr, wrapper.ErrRateLimited, "a third request at once overflows a bucket of 2")
}

// TestBehaviourFlagNamesAFlagOfEachField checks the table that renders
// sandbox.Behaviour.Check's message with flag names: each entry is a field
// of Behaviour and a flag that behaviourFlags defines.
func TestBehaviourFlagNamesAFlagOfEachField(t *testing.T) {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	behaviourFlags(fs, &sandbox.Behaviour{})
	for field, name := range behaviourFlag {
		_, ok := reflect.TypeFor[sandbox.Behaviour]().FieldByName(field)
		assert.True(t, ok, "sandbox.Behaviour has no field %s", field)
		assert.NotNil(t, fs.Lookup(name), "no flag --%s", name)
	}
}

func TestSandboxBadUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"negative seed":  {[]string{"--seed", "-1"}, exitUsage, "--seed -1: want 0 to 1000000"},
		"argument":       {[]string{"extra"}, exitUsage, `unexpected argument "extra": sandbox takes no arguments`},
		"unknown flag":   {[]string{"--port", "80"}, exitUsage, "flag provided but not defined: --port (see 'paymenttokens sandbox --help')"},
		"negative rate":  {[]string{"--rate", "-2"}, exitUsage, "--rate -2: want a number of requests per second >= 0"},
		"infinite rate":  {[]string{"--rate", "inf"}, exitUsage, "--rate +Inf: want a number of requests per second >= 0"},
		"NaN rate":       {[]string{"--rate", "NaN"}, exitUsage, "--rate NaN: want a number of requests per second >= 0"},
		"zero burst":     {[]string{"--rate", "2", "--burst", "0"}, exitUsage, "--burst 0: want at least 1"},
		"bad addr":       {[]string{"--addr", "no-port"}, exitUsage, "cannot listen on --addr no-port"},
		"not a number":   {[]string{"--seed", "many"}, exitUsage, `invalid value "many" for flag --seed`},
		"flag after end": {[]string{"--", "--seed"}, exitUsage, `unexpected argument "--seed"`},

		"negative page cap":     {[]string{"--page-cap", "-1"}, exitUsage, "--page-cap -1: want 0 (off) or more"},
		"negative 404 offset":   {[]string{"--not-found-once-at", "-3"}, exitUsage, "--not-found-once-at -3: want 0 (off) or more"},
		"negative shift offset": {[]string{"--shift-once-at", "-1", "--shift-by", "2"}, exitUsage, "--shift-once-at -1: want 0 (off) or more"},
		"negative shift":        {[]string{"--shift-once-at", "5", "--shift-by", "-2"}, exitUsage, "--shift-by -2: want 0 (off) or more"},
		"negative every":        {[]string{"--gateway-timeout-every", "-2"}, exitUsage, "--gateway-timeout-every -2: want 0 (off) or more"},
		"negative apply late": {[]string{"--gateway-timeout-every", "2", "--apply-late", "-1s"}, exitUsage,
			"--apply-late -1s: want 0 (off) or more"},
		"negative delay":       {[]string{"--create-delay", "-5ms"}, exitUsage, "--create-delay -5ms: want 0 (off) or more"},
		"not a duration":       {[]string{"--create-delay", "5"}, exitUsage, `invalid value "5" for flag --create-delay: parse error`},
		"shift without by":     {[]string{"--shift-once-at", "5"}, exitUsage, "--shift-once-at 5 --shift-by 0: give both"},
		"by without shift":     {[]string{"--shift-by", "2"}, exitUsage, "--shift-once-at 0 --shift-by 2: give both"},
		"apply late alone":     {[]string{"--apply-late", "2s"}, exitUsage, "--apply-late 2s: it times the creates of --gateway-timeout-every N; give that too"},
		"offset past a zone":   {[]string{"--store-offset", "-15h"}, exitUsage, "--store-offset -15h: want -14h to 14h, as a time zone"},
		"merge-put with value": {[]string{"--merge-put=maybe"}, exitUsage, `invalid boolean value "maybe" for --merge-put`},
	} {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, nil, append([]string{"sandbox"}, tc.args...)...)
			assert.Equal(t, tc.code, r.code)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, "paymenttokens sandbox: "+tc.want)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
		})
	}
}

// sandboxClient is a wrapper client for the sandbox env points at, on a
// transport of its own closed when the test ends.
func sandboxClient(t *testing.T, env map[string]string) *wrapper.Client {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	client, err := wrapper.New(wrapper.Credentials{SecureURL: env[envSecureURL], PrivateKey: env[envPrivateKey], Token: env[envToken]},
		wrapper.WithBaseURL(env[envBaseURL]), wrapper.WithHTTPClient(&http.Client{Transport: transport}), wrapper.WithRateLimit(0, 0))
	require.NoError(t, err)
	return client
}

// listIDs lists one page and returns its ids.
func listIDs(t *testing.T, c *wrapper.Client, limit, offset int) []int32 {
	t.Helper()
	tokens, err := c.List(t.Context(), wrapper.ListParams{Limit: limit, Offset: offset})
	require.NoError(t, err)
	ids := make([]int32, len(tokens))
	for i, tk := range tokens {
		ids[i] = tk.PaymentTokenID
	}
	return ids
}

// TestSandboxMisbehavesAsItsFlagsSay starts the command with each
// misbehaviour flag, sees it at work through a client, and reads it in the
// banner.
func TestSandboxMisbehavesAsItsFlagsSay(t *testing.T) {
	for name, tc := range map[string]struct {
		flags  []string
		banner string
		check  func(t *testing.T, c *wrapper.Client)
	}{
		"page cap": {[]string{"--page-cap", "7"}, "at most 7 tokens a page (--page-cap)", func(t *testing.T, c *wrapper.Client) {
			assert.Len(t, listIDs(t, c, 10, 1), 7)
		}},
		"merge put": {[]string{"--merge-put"}, "PUT merges into the stored token (--merge-put)", func(t *testing.T, c *wrapper.Client) {
			require.NoError(t, c.Update(t.Context(), 3, wrapper.PaymentToken{GatewayName: "Stripe"}))
			got, found, err := c.Get(t.Context(), 3)
			require.NoError(t, err)
			require.True(t, found)
			assert.Equal(t, "Stripe", got.GatewayName)
			assert.Equal(t, int32(3), got.CustomerID, "the field the PUT left out kept its value")
		}},
		"unordered": {[]string{"--unordered"}, "lists in an order other than by id (--unordered)", func(t *testing.T, c *wrapper.Client) {
			ids := listIDs(t, c, 20, 1)
			assert.Len(t, ids, 20)
			assert.False(t, slices.IsSorted(ids), "%v", ids)
		}},
		"reuse ids": {[]string{"--reuse-ids"}, "a new token takes the lowest free id (--reuse-ids)", func(t *testing.T, c *wrapper.Client) {
			require.NoError(t, c.Delete(t.Context(), 4))
			id, err := c.Create(t.Context(), wrapper.PaymentToken{PaymentProfileID: "new"})
			require.NoError(t, err)
			assert.Equal(t, int32(4), id)
		}},
		"not found once": {[]string{"--not-found-once-at", "11"}, "the first list at offset 11 is answered 404 (--not-found-once-at)", func(t *testing.T, c *wrapper.Client) {
			assert.Empty(t, listIDs(t, c, 10, 11))
			assert.Len(t, listIDs(t, c, 10, 11), 10)
		}},
		"shift once": {[]string{"--shift-once-at", "11", "--shift-by", "3"}, "the first list at offset 11 is served 3 records early (--shift-once-at, --shift-by)", func(t *testing.T, c *wrapper.Client) {
			assert.Equal(t, int32(8), listIDs(t, c, 10, 11)[0])
		}},
		"gateway time-out": {[]string{"--gateway-timeout-every", "1", "--apply-late", "10ms"},
			"every create is answered 504 by the gateway and lands 10ms later (--gateway-timeout-every, --apply-late)",
			func(t *testing.T, c *wrapper.Client) {
				_, err := c.Create(t.Context(), wrapper.PaymentToken{PaymentProfileID: "late"})
				require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
				require.Eventually(t, func() bool { n, err := c.Count(t.Context()); return err == nil && n == 21 }, 5*time.Second, 5*time.Millisecond)
			}},
		"create delay": {[]string{"--create-delay", "100ms"}, "every create takes 100ms (--create-delay)", func(t *testing.T, c *wrapper.Client) {
			start := time.Now()
			_, err := c.Create(t.Context(), wrapper.PaymentToken{PaymentProfileID: "slow"})
			require.NoError(t, err)
			assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
		}},
	} {
		t.Run(name, func(t *testing.T) {
			env, stop := startSandbox(t, append([]string{"--seed", "20"}, tc.flags...)...)
			tc.check(t, sandboxClient(t, env))
			stderr, code := stop()
			assert.Equal(t, exitOK, code)
			assert.Contains(t, stderr, "\nsandbox: misbehaving: "+tc.banner+"\n")
		})
	}
}

func TestSandboxBannerNamesEveryMisbehaviourThatIsOn(t *testing.T) {
	env, stop := startSandbox(t, "--page-cap", "5", "--merge-put", "--gateway-timeout-every", "3", "--create-delay", "2s")
	n, err := sandboxClient(t, env).Count(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
	stderr, code := stop()
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "sandbox: misbehaving: at most 5 tokens a page (--page-cap); PUT merges into the stored token (--merge-put); "+
		"every 3rd create is answered 504 by the gateway and lands 300ms later (--gateway-timeout-every, --apply-late); every create takes 2s (--create-delay)\n")

	_, stop = startSandbox(t)
	stderr, _ = stop()
	assert.NotContains(t, stderr, "misbehaving", "the documented API by default")
}

func TestEveryNth(t *testing.T) {
	for n, want := range map[int]string{1: "every create", 2: "every 2nd create", 3: "every 3rd create", 4: "every 4th create",
		11: "every 11th create", 12: "every 12th create", 13: "every 13th create", 21: "every 21st create",
		101: "every 101st create", 102: "every 102nd create", 111: "every 111th create"} {
		assert.Equal(t, want, everyNth(n, "create"))
	}
}

// --env-out writes the four variables as an env file the commands read,
// mode 0600; it replaces only such a file, and refuses anything else (or a
// missing folder) before it listens.
func TestSandboxEnvOutWritesAnEnvFileAndReplacesOnlyItsOwn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sb.env")
	for range 2 { // a new file, then the first sandbox's file replaced
		env, stop := startSandbox(t, "--env-out", path, "--quiet")
		read, err := storeenv.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, env, read)
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		_, code := stop()
		require.Equal(t, exitOK, code)
	}
	own, err := os.ReadFile(path)
	require.NoError(t, err)
	for name, content := range map[string]string{
		"notes.env": sandboxEnvHeader + " my notes\nbuy milk\n",
		"more.env":  string(own) + "THREEDCART_TOKEN=another\n",
		"real.env":  envPrivateKey + "=real-key\n",
	} {
		other := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(other, []byte(content), 0o600))
		r := runCLI(t, nil, "sandbox", "--env-out", other, "--quiet")
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "the file exists and was not written by a sandbox; choose another name")
		assert.Equal(t, content, readFile(t, other), "left as it was")
	}
	r := runCLI(t, nil, "sandbox", "--env-out", filepath.Join(dir, "missing", "sb.env"), "--quiet")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "its folder "+filepath.Join(dir, "missing")+" does not exist")
}
