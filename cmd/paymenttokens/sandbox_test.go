package main

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// startSandbox runs "paymenttokens sandbox args..." in-process and returns
// the environment its export lines set, and a stop function returning what
// the command printed on stderr and its exit status.
func startSandbox(t *testing.T, args ...string) (env map[string]string, stop func() (string, int)) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sandbox"}, args...), &stdout, &stderr, func(string) string { return "" })
	}()
	stop = func() (string, int) {
		cancel()
		select {
		case code := <-done:
			return stderr.String(), code
		case <-time.After(10 * time.Second):
			t.Fatal("the sandbox did not stop within 10 s of its interrupt")
			return "", -1
		}
	}
	require.Eventually(t, func() bool { return strings.Count(stdout.String(), "\n") >= 4 }, 10*time.Second, 10*time.Millisecond,
		"the sandbox printed no export lines; stderr: %s", stderr.String())
	env = map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		require.True(t, ok, "not an export line: %q", line)
		env[name] = value
	}
	require.Len(t, env, 4)
	return env, stop
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

func TestSandboxBadUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"negative seed":  {[]string{"--seed", "-1"}, exitUsage, "--seed -1: want 0 to 1000000"},
		"argument":       {[]string{"extra"}, exitUsage, `unexpected argument "extra": sandbox takes no arguments`},
		"unknown flag":   {[]string{"--port", "80"}, exitUsage, "flag provided but not defined: -port (see 'paymenttokens sandbox --help')"},
		"negative rate":  {[]string{"--rate", "-2"}, exitUsage, "--rate -2: want a number of requests per second >= 0"},
		"infinite rate":  {[]string{"--rate", "inf"}, exitUsage, "--rate +Inf: want a number of requests per second >= 0"},
		"NaN rate":       {[]string{"--rate", "NaN"}, exitUsage, "--rate NaN: want a number of requests per second >= 0"},
		"zero burst":     {[]string{"--rate", "2", "--burst", "0"}, exitUsage, "--burst 0: want at least 1"},
		"bad addr":       {[]string{"--addr", "no-port"}, exitFailed, "cannot listen on --addr no-port"},
		"not a number":   {[]string{"--seed", "many"}, exitUsage, `invalid value "many" for flag -seed`},
		"flag after end": {[]string{"--", "--seed"}, exitUsage, `unexpected argument "--seed"`},
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
