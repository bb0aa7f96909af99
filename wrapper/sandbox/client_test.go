package sandbox_test

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// failFirst answers 503 to the first request, then handles the rest.
func failFirst() sandbox.FaultFunc {
	var n atomic.Int64
	return func(*http.Request) *sandbox.Fault {
		if n.Add(1) == 1 {
			return &sandbox.Fault{Status: http.StatusServiceUnavailable}
		}
		return nil
	}
}

// waitRecorder is a slog.Handler that keeps the wait of each retry the wrapper logs.
type waitRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (w *waitRecorder) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *waitRecorder) WithGroup(string) slog.Handler            { return w }

func (w *waitRecorder) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "wait" {
			w.mu.Lock()
			w.waits = append(w.waits, a.Value.Duration())
			w.mu.Unlock()
		}
		return true
	})
	return nil
}

func TestClientTalksToItsSandboxAndRetriesWithinMilliseconds(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(failFirst()))
	defer sb.Close()
	sb.Seed(token(1), token(2))
	var retries waitRecorder
	c, err := sb.Client(wrapper.WithLogger(slog.New(&retries)))
	require.NoError(t, err)
	n, err := c.Count(t.Context())
	require.NoError(t, err, "the 503 is retried")
	assert.Equal(t, 2, n)
	assert.Equal(t, int64(2), sb.Stats().Requests)
	require.Len(t, retries.waits, 1)
	assert.LessOrEqual(t, retries.waits[0], 10*time.Millisecond, "the retry waits at most WithRetryWait's 10 ms")
}

// TestClientDoesNotPace counts the 429s of a sandbox limited as the real
// API is: a client that paced itself to 2 per second would get none.
func TestClientDoesNotPace(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithRateLimit(2, 50))
	defer sb.Close()
	c, err := sb.Client(wrapper.WithMaxRetries(0))
	require.NoError(t, err)
	refused := 0
	for i := range int32(80) {
		if _, err := c.Create(t.Context(), token(i+1)); err != nil {
			require.ErrorIs(t, err, wrapper.ErrRateLimited)
			refused++
		}
	}
	assert.Positive(t, refused, "more than the bucket's 50 were sent before it could drain")
	assert.Equal(t, int64(refused), sb.Stats().Throttled)
	assert.Len(t, sb.Tokens(), 80-refused)
}

func TestClientOptionsWinOverItsDefaults(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(failFirst()))
	defer sb.Close()
	var retries waitRecorder
	c, err := sb.Client(wrapper.WithRetryWait(30*time.Millisecond, 30*time.Millisecond), wrapper.WithLogger(slog.New(&retries)))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.NoError(t, err)
	require.Len(t, retries.waits, 1)
	assert.Greater(t, retries.waits[0], 10*time.Millisecond, "the caller's WithRetryWait replaced the default")

	_, err = sb.Client(wrapper.WithRateLimit(-1, 1))
	require.Error(t, err, "a bad option is wrapper.New's error")
}

// BenchmarkCreate80 is the README's snippet at work: 80 creates through
// Server.Client, and the same through a client with the wrapper's default
// pacing (the real API's 2 per second after a burst of 50).
func BenchmarkCreate80(b *testing.B) {
	for _, bc := range []struct {
		name   string
		client func(*sandbox.Server) (*wrapper.Client, error)
	}{
		{"Server.Client", func(sb *sandbox.Server) (*wrapper.Client, error) { return sb.Client() }},
		{"wrapper-defaults", func(sb *sandbox.Server) (*wrapper.Client, error) {
			return wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()))
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				sb := newSandbox(b)
				c, err := bc.client(sb)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for i := range int32(80) {
					if _, err := c.Create(b.Context(), token(i+1)); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if got := len(sb.Tokens()); got != 80 {
					b.Fatalf("stored %d tokens, want 80", got)
				}
				sb.Close()
				b.StartTimer()
			}
		})
	}
}
