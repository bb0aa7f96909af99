package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// gatewayClient is a client of a sandbox whose gateway times out: the 504
// is the gateway's, not the API's, so its answers are not held to the spec
// (the sandbox still validates every request).
func gatewayClient(t *testing.T, b sandbox.Behaviour) (*sandbox.Server, *wrapper.Client) {
	t.Helper()
	sb := newSandbox(t, sandbox.WithBehaviour(b))
	t.Cleanup(sb.Close)
	c, err := sb.Client()
	require.NoError(t, err)
	return sb, c
}

// profiles counts the stored tokens by PaymentProfileID.
func profiles(sb *sandbox.Server) map[string]int {
	out := map[string]int{}
	for _, tk := range sb.Tokens() {
		out[tk.PaymentProfileID]++
	}
	return out
}

func TestGatewayTimeoutAnswers504AndTheCreateLandsLaterOnce(t *testing.T) {
	t.Parallel()
	sb, c := gatewayClient(t, sandbox.Behaviour{GatewayTimeoutEvery: 2})
	_, err := c.Create(t.Context(), token(1))
	require.NoError(t, err)
	_, err = c.Create(t.Context(), token(2))
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusGatewayTimeout, apiErr.StatusCode)
	assert.Equal(t, 1, apiErr.Attempts, "a POST answered 504 is not sent again")
	assert.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	assert.Contains(t, apiErr.Body, "504 Gateway Time-out")
	assert.Equal(t, map[string]int{"pay-profile-1": 1}, profiles(sb), "not yet: it lands 300 ms later")
	assert.Zero(t, sb.Stats().AppliedLate)

	require.Eventually(t, func() bool { return sb.Stats().AppliedLate == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, map[string]int{"pay-profile-1": 1, "pay-profile-2": 1}, profiles(sb))
	id, err := c.Create(t.Context(), token(3))
	require.NoError(t, err)
	assert.Equal(t, int32(3), id, "the late create took id 2")
}

func TestTheGateways504IsHTMLNotTheAPIsJSON(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBehaviour(sandbox.Behaviour{GatewayTimeoutEvery: 1, ApplyLate: time.Millisecond}))
	defer sb.Close()
	body, err := json.Marshal(token(1))
	require.NoError(t, err)
	status, header, answer := raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", string(body), sb.Credentials())
	assert.Equal(t, http.StatusGatewayTimeout, status)
	assert.Equal(t, "text/html", header.Get("Content-Type"))
	assert.False(t, json.Valid([]byte(answer)), "not JSON: %q", answer)
	assert.Contains(t, answer, "<title>504 Gateway Time-out</title>")

	status, _, _ = raw(t, sb, http.MethodPost, "/PaymentTokens", "application/json", `{"CustomerID": "x"}`, sb.Credentials())
	assert.Equal(t, http.StatusBadRequest, status, "an invalid create is refused by the API before any gateway time-out")
	require.Eventually(t, func() bool { return sb.Stats().AppliedLate == 1 }, 5*time.Second, time.Millisecond)
	assert.Len(t, sb.Tokens(), 1)
}

func TestGatewayTimeoutCountsConcurrentCreatesExactly(t *testing.T) {
	t.Parallel()
	sb, c := gatewayClient(t, sandbox.Behaviour{GatewayTimeoutEvery: 3, ApplyLate: time.Millisecond})
	const workers, each = 6, 5
	var timedOut atomic.Int64
	var wg sync.WaitGroup
	for w := range int32(workers) {
		wg.Go(func() {
			for i := range int32(each) {
				_, err := c.Create(t.Context(), token(w*each+i+1))
				if err != nil {
					assert.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
					timedOut.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(workers*each/3), timedOut.Load(), "every third create, no more, no fewer")
	require.Eventually(t, func() bool { return sb.Stats().AppliedLate == timedOut.Load() }, 5*time.Second, time.Millisecond)
	stored := profiles(sb)
	assert.Len(t, stored, workers*each, "every create landed")
	for profile, n := range stored {
		assert.Equal(t, 1, n, "%s is stored once", profile)
	}
}

func TestCreateDelayAnswersAfterTheDelayAndStoresEvenWhenTheClientLeft(t *testing.T) {
	t.Parallel()
	const delay = 250 * time.Millisecond // far above the few milliseconds between the cancel and the check
	sb, c := behaving(t, sandbox.Behaviour{CreateDelay: delay}, 0)
	start := time.Now()
	_, err := c.Create(t.Context(), token(1))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), delay)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := c.Create(ctx, token(2))
		done <- err
	}()
	require.Eventually(t, func() bool { return sb.Stats().Requests == 2 }, 5*time.Second, time.Millisecond, "the create reaches the sandbox")
	cancel() // the client leaves during the delay
	require.ErrorIs(t, <-done, context.Canceled)
	assert.Len(t, sb.Tokens(), 1, "the token is stored at the end of the delay, not before")
	require.Eventually(t, func() bool { return len(sb.Tokens()) == 2 }, 5*time.Second, time.Millisecond,
		"a backend does not undo its work when the client leaves")
	assert.Equal(t, map[string]int{"pay-profile-1": 1, "pay-profile-2": 1}, profiles(sb))
}

// closesPromptly calls sb.Close and fails unless it returns within 3 s.
func closesPromptly(t *testing.T, sb *sandbox.Server) {
	t.Helper()
	closed := make(chan struct{})
	go func() {
		sb.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close waited for a pending create")
	}
}

func TestCloseEndsPendingDelaysAndLateCreates(t *testing.T) {
	t.Parallel()
	t.Run("delay", func(t *testing.T) {
		t.Parallel()
		sb, c := gatewayClient(t, sandbox.Behaviour{CreateDelay: time.Hour})
		done := make(chan error, 1)
		go func() {
			_, err := c.Create(t.Context(), token(1))
			done <- err
		}()
		require.Eventually(t, func() bool { return sb.Stats().Requests == 1 }, 5*time.Second, time.Millisecond)
		closesPromptly(t, sb)
		err := <-done
		require.Error(t, err)
		assert.True(t, errors.Is(err, wrapper.ErrOutcomeUnknown), "the create was sent: %v", err)
		assert.Empty(t, sb.Tokens())
	})
	t.Run("late create", func(t *testing.T) {
		t.Parallel()
		sb, c := gatewayClient(t, sandbox.Behaviour{GatewayTimeoutEvery: 1, ApplyLate: time.Hour})
		_, err := c.Create(t.Context(), token(1))
		require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
		closesPromptly(t, sb)
		assert.Empty(t, sb.Tokens())
		assert.Zero(t, sb.Stats().AppliedLate)
	})
}

// TestCreatesReachingAClosedSandboxThroughAMountedHandlerNeverLand mounts
// the handler on a server of the test's own, which outlives the sandbox.
func TestCreatesReachingAClosedSandboxThroughAMountedHandlerNeverLand(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		behaviour sandbox.Behaviour
		status    int
	}{
		"gateway time-out": {sandbox.Behaviour{GatewayTimeoutEvery: 1, ApplyLate: time.Millisecond}, http.StatusGatewayTimeout},
		"delay":            {sandbox.Behaviour{CreateDelay: time.Hour}, http.StatusInternalServerError},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, sandbox.WithBehaviour(tc.behaviour))
			mine := httptest.NewServer(sb.Handler())
			defer mine.Close()
			sb.Close()
			c, err := sb.Client(wrapper.WithBaseURL(mine.URL + "/3dCartWebAPI/v2"))
			require.NoError(t, err)
			_, err = c.Create(t.Context(), token(1))
			var apiErr *wrapper.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Empty(t, sb.Tokens())
			assert.Zero(t, sb.Stats().AppliedLate)
		})
	}
}
