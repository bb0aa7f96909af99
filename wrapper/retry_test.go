package wrapper_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// failThen answers status (with header) for the first n requests, then ok.
func failThen(n int, status int, header http.Header, ok http.HandlerFunc) (*counter, http.HandlerFunc) {
	var calls counter
	return &calls, func(w http.ResponseWriter, r *http.Request) {
		if calls.add() <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			respond(status, `[{"Key":"Error","Status":"`+strconv.Itoa(status)+`","Message":"try later"}]`)(w, r)
			return
		}
		ok(w, r)
	}
}

func TestRetriesIdempotentMethodsOnTransientStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			w := &waits{}
			mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithWaitFunc(w.wait), wrapper.WithNoJitter())
			calls, h := failThen(3, status, nil, respond(200, `{"TotalCount": 9}`))
			mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", h)
			n, err := c.Count(t.Context())
			require.NoError(t, err)
			assert.Equal(t, 9, n)
			assert.Equal(t, 4, calls.count())
			assert.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}, w.all(), "exponential backoff from 0.5 s")
		})
	}
}

func TestDoesNotRetryOtherStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 409, 415, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			mux, c := setup(t, wrapper.WithMaxRetries(3))
			calls, h := failThen(1, status, nil, respond(200, `[]`))
			mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/1", h)
			err := c.Update(t.Context(), 1, token(1))
			var apiErr *wrapper.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, 1, calls.count())
		})
	}
}

func TestPostIsRetriedOnlyOn429(t *testing.T) {
	t.Parallel()
	created := respond(201, `[{"Key":"PaymentTokenID","Value":"5","Status":"201","Message":"Created successfully"}]`)
	mux, c := setup(t, wrapper.WithMaxRetries(3))
	calls, h := failThen(2, 429, http.Header{"Retry-After": {"1"}}, created)
	mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", h)
	id, err := c.Create(t.Context(), token(1))
	require.NoError(t, err)
	assert.Equal(t, int32(5), id)
	assert.Equal(t, 3, calls.count())

	for _, status := range []int{408, 500, 502, 503, 504} {
		mux, c := setup(t, wrapper.WithMaxRetries(3))
		calls, h := failThen(1, status, nil, created)
		mux.HandleFunc("POST /3dCartWebAPI/v2/PaymentTokens", h)
		_, err := c.Create(t.Context(), token(1))
		var apiErr *wrapper.APIError
		require.ErrorAs(t, err, &apiErr, "status %d", status)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, 1, calls.count(), "a POST that may have been handled is never resent (status %d)", status)
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		retryAfter string
		want       time.Duration
	}{
		"seconds":          {"3", 3 * time.Second},
		"zero":             {"0", 0},
		"http date":        {now.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second},
		"past date":        {now.Add(-time.Hour).Format(http.TimeFormat), 0},
		"capped seconds":   {"3600", 8 * time.Second},
		"capped date":      {now.Add(time.Hour).Format(http.TimeFormat), 8 * time.Second},
		"garbage":          {"soon", 500 * time.Millisecond},
		"negative seconds": {"-5", 0},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := &waits{}
			mux, c := setup(t, wrapper.WithMaxRetries(1), wrapper.WithWaitFunc(w.wait), wrapper.WithNoJitter(), wrapper.WithClock(func() time.Time { return now }))
			_, h := failThen(1, 429, http.Header{"Retry-After": {tc.retryAfter}}, respond(200, `{"TotalCount": 1}`))
			mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", h)
			_, err := c.Count(t.Context())
			require.NoError(t, err)
			assert.Equal(t, []time.Duration{tc.want}, w.all())
		})
	}
}

func TestBackoffHasBoundedJitter(t *testing.T) {
	t.Parallel()
	w := &waits{}
	mux, c := setup(t, wrapper.WithMaxRetries(6), wrapper.WithWaitFunc(w.wait), wrapper.WithRetryWait(100*time.Millisecond, time.Second))
	_, h := failThen(6, 503, nil, respond(200, `{"TotalCount": 1}`))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", h)
	_, err := c.Count(t.Context())
	require.NoError(t, err)
	base := []time.Duration{100, 200, 400, 800, 1000, 1000}
	got := w.all()
	require.Len(t, got, len(base))
	for i, b := range base {
		full := b * time.Millisecond
		assert.GreaterOrEqual(t, got[i], full*3/4, "wait %d", i)
		assert.LessOrEqual(t, got[i], full, "wait %d", i)
	}
}

func TestCancelledContextEndsTheWaitAtOnce(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithRetryWait(time.Hour, time.Hour), wrapper.WithRealWaits())
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", respond(503, ""))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Count(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 30*time.Second, "the hour-long wait ended with the context")
	assert.Contains(t, err.Error(), "gave up waiting to retry")
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr, "the last answer is kept")
	assert.Equal(t, 503, apiErr.StatusCode)
}

func TestAWaitPastTheDeadlineFailsAtOnceAndKeepsThe429(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(3), wrapper.WithRetryWait(time.Second, time.Hour), wrapper.WithRealWaits())
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "100000")
		respond(429, `[{"Key":"Error","Status":"429","Message":"Too many requests"}]`)(w, r)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Count(ctx)
	require.ErrorIs(t, err, wrapper.ErrRateLimited)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "would pass the deadline")
	assert.Less(t, time.Since(start), 10*time.Second, "no wait that cannot end in time")
}

func TestExhaustedRetriesKeepTheLastAnswer(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(2))
	var calls counter
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/3", func(w http.ResponseWriter, r *http.Request) {
		n := calls.add()
		respond(502+n%2, `[{"Key":"Error","Status":"50x","Message":"attempt `+strconv.Itoa(n)+`"}]`)(w, r)
	})
	_, _, err := c.Get(t.Context(), 3)
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, 503, apiErr.StatusCode, "the last attempt's status")
	assert.Equal(t, []string{"attempt 3"}, apiErr.Messages)
	assert.Contains(t, apiErr.Body, "attempt 3")
	assert.Contains(t, err.Error(), "(after 3 attempts)")
}

func TestRetriesAreLoggedAtWarnWithoutBodies(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})) // attempts are at Debug
	mux, c := setup(t, wrapper.WithMaxRetries(2), wrapper.WithLogger(logger), wrapper.WithNoJitter())
	_, h := failThen(2, 500, nil, respond(200, `[{"Key":"PaymentTokenID","Value":"1","Status":"200","Message":"ok"}]`))
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens/1", h)
	secret := token(1)
	secret.PaymentProfileID = "tok_customer_secret"
	require.NoError(t, c.Update(t.Context(), 1, secret))
	dec := json.NewDecoder(&logs)
	var records []map[string]any
	for {
		var rec map[string]any
		if dec.Decode(&rec) == io.EOF {
			break
		}
		records = append(records, rec)
	}
	require.Len(t, records, 2)
	for i, rec := range records {
		assert.Equal(t, "WARN", rec["level"])
		assert.Equal(t, "PUT", rec["method"])
		assert.Equal(t, "/3dCartWebAPI/v2/PaymentTokens/1", rec["path"])
		assert.EqualValues(t, i+1, rec["attempt"])
		assert.Contains(t, rec, "wait")
	}
	assert.NotContains(t, logs.String(), "tok_customer_secret")
	assert.NotContains(t, logs.String(), "try later", "no response body is logged")
}

func TestBodyIsRebuiltForEveryAttempt(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(2))
	var bodies [][]byte
	var calls counter
	mux.HandleFunc("PUT /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, b)
		if calls.add() < 3 {
			respond(503, "")(w, r)
			return
		}
		respond(200, `[{"Key":"PaymentTokenID","Value":"4","Status":"200","Message":"updated successfully"}]`)(w, r)
	})
	tk := token(1)
	tk.PaymentTokenID = 4
	_, err := c.UpdateMany(t.Context(), []wrapper.PaymentToken{tk})
	require.NoError(t, err)
	require.Len(t, bodies, 3)
	assert.NotEmpty(t, bodies[0])
	assert.Equal(t, bodies[0], bodies[1])
	assert.Equal(t, bodies[0], bodies[2])
}
