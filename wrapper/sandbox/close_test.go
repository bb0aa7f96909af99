package sandbox_test

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// stallMidBody connects to sb and sends a POST whose headers promise 100
// bytes of body but whose body stops after "{", then waits until the
// sandbox is handling it.
func stallMidBody(t *testing.T, sb *sandbox.Server) net.Conn {
	t.Helper()
	conn := sendRaw(t, sb.URL(), sb.Credentials(), http.MethodPost, contract.BasePath+"/PaymentTokens",
		"Content-Type: application/json\r\nContent-Length: 100\r\n", "{")
	require.Eventually(t, func() bool { return sb.Stats().Requests == 1 }, 5*time.Second, time.Millisecond, "the request reaches the sandbox")
	return conn
}

func TestCloseEndsARequestStalledMidBody(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	conn := stallMidBody(t, sb)
	closed := make(chan struct{})
	go func() {
		sb.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(3 * time.Second): // far below the body's read deadline, far above what closing takes
		_ = conn.Close() // lets Close return, so that nothing leaks
		<-closed
		t.Fatal("Close waited for a client that stalled mid-body")
	}
	assert.Empty(t, sb.Tokens())
}

func TestABodyThatStallsIsAnswered408(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithBodyReadTimeout(50*time.Millisecond))
	t.Cleanup(sb.Close) // after the connection closes: cleanups run last first
	conn := stallMidBody(t, sb)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the sandbox answers instead of waiting for the rest of the body")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.True(t, resp.Close, "and closes the connection, whose request was never read in full")
	assert.Empty(t, sb.Tokens())
}
