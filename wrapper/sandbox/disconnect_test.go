package sandbox_test

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// syncBuffer is a bytes.Buffer that a server's ErrorLog may write from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAClientLeavingMidAnswerLogsNothing makes the sandbox write a large
// page to a client that has already gone, so that writing fails part way:
// the server's error log stays empty.
func TestAClientLeavingMidAnswerLogsNothing(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		select { // answer only once the client has left
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return nil
	}))
	defer sb.Close()
	long := strings.Repeat("x", 50)
	for i := range int32(sandbox.MaxLimit) {
		tk := token(i + 1)
		tk.CustomerProfileID, tk.PaymentProfileID, tk.GatewayName = long, long, long
		sb.Seed(tk)
	}
	var errorLog syncBuffer
	srv := httptest.NewUnstartedServer(sb.Handler())
	srv.Config.ErrorLog = log.New(&errorLog, "", 0)
	srv.Start()
	defer srv.Close()

	conn := sendRaw(t, srv.URL, sb.Credentials(), http.MethodGet, fmt.Sprintf("%s/PaymentTokens?limit=%d", contract.BasePath, sandbox.MaxLimit), "", "")
	require.Eventually(t, func() bool { return sb.Stats().Requests == 1 }, 5*time.Second, time.Millisecond)
	require.NoError(t, conn.Close())
	srv.Close() // waits for the handler to finish writing into the closed connection

	assert.Empty(t, errorLog.String())
}
