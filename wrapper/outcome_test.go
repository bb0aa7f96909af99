package wrapper_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// cutAfterReading reads the whole request, as a server acting on it would,
// then drops the connection without answering.
func cutAfterReading(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// sequence answers with the handlers in turn, repeating the last one.
func sequence(calls *counter, handlers ...http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := calls.add()
		handlers[min(n, len(handlers))-1](w, r)
	}
}

var (
	created  = respond(201, `[{"Key":"PaymentTokenID","Value":"5","Status":"201","Message":"Created successfully"}]`)
	updated  = respond(200, `[{"Key":"PaymentTokenID","Value":"5","Status":"200","Message":"updated successfully"}]`)
	own404   = respond(404, `[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`)
	failed   = respond(500, `[{"Key":"Error","Status":"500","Message":"An error has occurred."}]`)
	throttle = respond(429, `[{"Key":"Error","Status":"429","Message":"Too many requests"}]`)
)

func TestACreateWhoseAnswerIsLostIsOutcomeUnknownAndNotResent(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]http.HandlerFunc{
		"cut after reading": cutAfterReading,
		"500":               failed,
		"502":               respond(502, `<html>Bad gateway</html>`),
		"201 unreadable":    respond(201, `[{"Key":"PaymentTokenID","Val`),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t, wrapper.WithMaxRetries(3))
			var calls counter
			mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", sequence(&calls, h, created))
			_, err := c.Create(t.Context(), token(1))
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
			assert.Contains(t, err.Error(), "outcome unknown")
			assert.Equal(t, 1, calls.count(), "never resent")
		})
	}
}

func TestACreateTimedOutWaitingForItsAnswerIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(3))
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // acts, then stalls until the client gives up
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Create(ctx, token(1))
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestACreateRefusedBeforeHandlingIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", throttle)
	_, err := c.Create(t.Context(), token(1))
	require.ErrorIs(t, err, wrapper.ErrRateLimited)
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
}

// failingDials makes the first n dials fail as a refused connection does.
func failingDials(n int32, dials *atomic.Int32) *http.Client {
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= n {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connect: connection refused")}
		}
		return d.DialContext(ctx, network, addr)
	}}}
}

func TestACreateThatNeverLeftIsRetried(t *testing.T) {
	t.Parallel()
	var dials atomic.Int32
	mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithHTTPClient(failingDials(2, &dials)))
	var calls counter
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", sequence(&calls, created))
	id, err := c.Create(t.Context(), token(1))
	require.NoError(t, err)
	assert.Equal(t, int32(5), id)
	assert.Equal(t, int32(3), dials.Load(), "two refused dials, then the one that got through")
	assert.Equal(t, 1, calls.count(), "created once")
}

func TestACreateToAClosedPortIsRetriedAndNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now: connection refused
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL("http://"+addr+contract.BasePath),
		wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(2), wrapper.WithWaitFunc(noWait))
	require.NoError(t, err)
	_, err = c.Create(t.Context(), token(1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refused")
	assert.Contains(t, err.Error(), "after 3 attempts", "a POST that never left is retried")
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
}

func TestAnUpdateRetriedPastACutSucceeds(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(3))
	var calls counter
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/5", sequence(&calls, cutAfterReading, updated))
	require.NoError(t, c.Update(t.Context(), 5, token(1)))
	assert.Equal(t, 2, calls.count())
}

func TestAnUpdateWhoseRetriesRunOutAfterACutIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(2), wrapper.WithRateLimitWait(time.Second))
	var calls counter
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/5", sequence(&calls, cutAfterReading, throttle))
	err := c.Update(t.Context(), 5, token(1))
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown, "the first attempt may have been applied")
	require.ErrorIs(t, err, wrapper.ErrRateLimited)
	assert.Equal(t, 4, calls.count(), "the cut, then 429s until their backoffs (0.5 s, 1 s) pass WithRateLimitWait's second")
}

func TestDeleteCountsA404AsDoneOnlyAfterAnAttemptThatMayHaveActed(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		first   http.HandlerFunc
		then    http.HandlerFunc
		wantErr error
	}{
		"cut, then 404":       {cutAfterReading, own404, nil},
		"500, then 404":       {failed, own404, nil},
		"429, then 404":       {throttle, own404, wrapper.ErrNotFound},
		"cut, then a foreign": {cutAfterReading, foreign404s["nginx page"], wrapper.ErrNotFound},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t, wrapper.WithMaxRetries(3))
			var calls counter
			mux.HandleFunc("DELETE /3dCartWebAPI/v2/PaymentTokens/5", sequence(&calls, tc.first, tc.then))
			err := c.Delete(t.Context(), 5)
			if tc.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.wantErr)
			}
			assert.Equal(t, 2, calls.count())
		})
	}
}

func TestABulkBatchWhoseOutcomeIsUnknownSaysSo(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(1))
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", cutAfterReading)
	tokens := []wrapper.PaymentToken{token(1), token(2)}
	tokens[0].PaymentTokenID, tokens[1].PaymentTokenID = 1, 2
	results, err := c.UpdateMany(t.Context(), tokens)
	require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
	var batchErr *wrapper.BatchError
	require.ErrorAs(t, err, &batchErr)
	require.Len(t, results, 2)
	for _, r := range results {
		assert.Zero(t, r.Status)
		assert.Contains(t, r.Message, "outcome unknown")
	}
}

func TestReadsAreNeverOutcomeUnknown(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(1))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", cutAfterReading)
	_, err := c.Count(t.Context())
	require.Error(t, err)
	assert.NotErrorIs(t, err, wrapper.ErrOutcomeUnknown)
}

func TestAWriteIsNeverFollowedThroughARedirect(t *testing.T) {
	t.Parallel()
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t, wrapper.WithMaxRetries(3))
			var posts, puts, gets counter
			mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
				posts.add()
				http.Redirect(w, r, "/3dCartWebAPI/v2/PaymentTokens/created", status)
			})
			mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/5", func(w http.ResponseWriter, r *http.Request) {
				puts.add()
				http.Redirect(w, r, "/3dCartWebAPI/v2/ok", status)
			})
			mux.HandleFunc("/3dCartWebAPI/v2/", func(w http.ResponseWriter, r *http.Request) { gets.add(); updated(w, r) })
			_, err := c.Create(t.Context(), token(1))
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown, "the POST reached the server")
			assert.Contains(t, err.Error(), "a write is never followed elsewhere")
			err = c.Update(t.Context(), 5, token(1))
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
			assert.Equal(t, 1, posts.count())
			assert.Zero(t, gets.count(), "the redirect was not followed")
		})
	}
}

func TestUpdateManyMatchesItemsToTokensByID(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", respond(206, `[`+
		`{"Key":"PaymentTokenID","Value":"2","Status":"200","Message":"updated successfully"},`+
		`{"Key":"PaymentTokenID","Value":"1","Status":"404","Message":"No payment tokens found."}]`))
	tokens := []wrapper.PaymentToken{token(1), token(2)}
	tokens[0].PaymentTokenID, tokens[1].PaymentTokenID = 1, 2
	results, err := c.UpdateMany(t.Context(), tokens)
	require.Error(t, err)
	assert.Equal(t, "1", results[0].Value)
	assert.Equal(t, 404, results[0].Status, "token 1 failed, whatever the order of the answer")
	assert.Equal(t, 200, results[1].Status)
}

func TestUpdateManyRefusesItemsNamingOtherTokens(t *testing.T) {
	t.Parallel()
	for name, h := range map[string]http.HandlerFunc{
		"other ids": respond(200, `[{"Key":"PaymentTokenID","Value":"77","Status":"200"},{"Key":"PaymentTokenID","Value":"78","Status":"200"}]`),
		"204":       func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t)
			mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", h)
			tokens := []wrapper.PaymentToken{token(1), token(2)}
			tokens[0].PaymentTokenID, tokens[1].PaymentTokenID = 1, 2
			results, err := c.UpdateMany(t.Context(), tokens)
			require.ErrorIs(t, err, wrapper.ErrOutcomeUnknown)
			for _, r := range results {
				assert.False(t, r.OK())
				assert.Contains(t, r.Message, "outcome unknown")
			}
		})
	}
}

func TestAProxyPageQuotingTheOffsetMessageIsAnError(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(400)
		_, _ = w.Write([]byte("<b>Offset amount exceeds the total number of records</b> (proxy)"))
	})
	_, err := c.List(t.Context(), wrapper.ListParams{Offset: 501})
	require.ErrorIs(t, err, wrapper.ErrBadRequest)
}
