package faults_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// operation is one wrapper method, with what it does to the store when it succeeds.
type operation struct {
	name     string
	post     bool
	requests int64 // what the call sends when nothing fails
	call     func(ctx context.Context, c *wrapper.Client) error
	effect   func(store []wrapper.PaymentToken) []wrapper.PaymentToken
}

func seeded() []wrapper.PaymentToken {
	return []wrapper.PaymentToken{
		{PaymentTokenID: 1, CustomerID: 11, PaymentProfileID: "tok_a", GatewayName: "Stripe"},
		{PaymentTokenID: 2, CustomerID: 12, PaymentProfileID: "tok_b", GatewayName: "Stripe"},
		{PaymentTokenID: 3, CustomerID: 13, PaymentProfileID: "tok_c", GatewayName: "Stripe"},
	}
}

// expectRead checks a read's answer against the seeded store.
func expectRead(got []wrapper.PaymentToken) error {
	if !slices.EqualFunc(got, seeded(), func(a, b wrapper.PaymentToken) bool {
		a.LastUpdate = wrapper.DateTime{}
		return a == b
	}) {
		return errors.New("read answered other tokens than the store holds")
	}
	return nil
}

var unchanged = func(s []wrapper.PaymentToken) []wrapper.PaymentToken { return s }

var operations = []operation{
	{"Create", true, 1, func(ctx context.Context, c *wrapper.Client) error {
		id, err := c.Create(ctx, wrapper.PaymentToken{CustomerID: 14, PaymentProfileID: "tok_d", GatewayName: "Created"})
		if err == nil && id != 4 {
			return errors.New("unexpected id")
		}
		return err
	}, func(s []wrapper.PaymentToken) []wrapper.PaymentToken {
		return append(s, wrapper.PaymentToken{PaymentTokenID: 4, CustomerID: 14, PaymentProfileID: "tok_d", GatewayName: "Created"})
	}},
	{"List", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		page, err := c.List(ctx, wrapper.ListParams{Limit: 10})
		if err != nil {
			return err
		}
		return expectRead(page)
	}, unchanged},
	{"Count", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		n, err := c.Count(ctx)
		if err == nil && n != 3 {
			return errors.New("wrong count")
		}
		return err
	}, unchanged},
	{"Get", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		t, found, err := c.Get(ctx, 2)
		if err != nil {
			return err
		}
		if !found {
			return errors.New("not found")
		}
		return expectRead([]wrapper.PaymentToken{seeded()[0], t, seeded()[2]})
	}, unchanged},
	// The count, the page, one page past the count, the count again.
	{"All", false, 4, func(ctx context.Context, c *wrapper.Client) error {
		var got []wrapper.PaymentToken
		for t, err := range c.All(ctx) {
			if err != nil {
				return err
			}
			got = append(got, t)
		}
		return expectRead(got)
	}, unchanged},
	{"Update", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		return c.Update(ctx, 1, wrapper.PaymentToken{CustomerID: 11, PaymentProfileID: "tok_a", GatewayName: "Updated"})
	}, func(s []wrapper.PaymentToken) []wrapper.PaymentToken {
		s[0].GatewayName = "Updated"
		return s
	}},
	{"UpdateMany", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		_, err := c.UpdateMany(ctx, []wrapper.PaymentToken{
			{PaymentTokenID: 1, CustomerID: 11, PaymentProfileID: "tok_a", GatewayName: "Bulk"},
			{PaymentTokenID: 2, CustomerID: 12, PaymentProfileID: "tok_b", GatewayName: "Bulk"},
		})
		return err
	}, func(s []wrapper.PaymentToken) []wrapper.PaymentToken {
		s[0].GatewayName, s[1].GatewayName = "Bulk", "Bulk"
		return s
	}},
	{"Delete", false, 1, func(ctx context.Context, c *wrapper.Client) error {
		return c.Delete(ctx, 3)
	}, func(s []wrapper.PaymentToken) []wrapper.PaymentToken { return s[:2] }},
}

// outcome is what a fault on the first request leads to.
type outcome int

const (
	retriedAndSucceeded outcome = iota // a second request succeeded; the effect happened once
	failedUntouched                    // an error after one request; the store is unchanged
	failedButHandled                   // an error, yet the server did the work (a POST cut mid-answer)
	splitAndSucceeded                  // a batch refused whole was split: its halves succeeded
)

// splitByUpdateMany are the faults after which UpdateMany splits the batch
// refused as a whole: its halves (one token each) are then written.
var splitByUpdateMany = map[string]bool{"400": true}

func jsonFault(status int, header http.Header, body string) *sandbox.Fault {
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range header {
		h[k] = v
	}
	return &sandbox.Fault{Status: status, Header: h, Body: []byte(body)}
}

// faultCase is a fault put on the first request, and its outcome for POST
// and for every other method.
type faultCase struct {
	name       string
	fault      *sandbox.Fault
	post, rest outcome
	wantErr    error
}

var faultCases = []faultCase{
	{"429 with Retry-After", jsonFault(429, http.Header{"Retry-After": {"1"}}, `[{"Key":"Error","Status":"429","Message":"slow"}]`), retriedAndSucceeded, retriedAndSucceeded, nil},
	{"429 without Retry-After", jsonFault(429, nil, `[{"Key":"Error","Status":"429","Message":"slow"}]`), retriedAndSucceeded, retriedAndSucceeded, nil},
	{"500", jsonFault(500, nil, `[{"Key":"Error","Status":"500","Message":"boom"}]`), failedUntouched, retriedAndSucceeded, nil},
	{"502 empty", &sandbox.Fault{Status: 502}, failedUntouched, retriedAndSucceeded, nil},
	{"503 html", &sandbox.Fault{Status: 503, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>down</html>")}, failedUntouched, retriedAndSucceeded, nil},
	{"504", jsonFault(504, nil, `{"Message":"gateway timeout"}`), failedUntouched, retriedAndSucceeded, nil},
	{"501", jsonFault(501, nil, `[{"Key":"Error","Status":"501","Message":"no"}]`), failedUntouched, failedUntouched, nil},
	{"400", jsonFault(400, nil, `[{"Key":"Error","Status":"400","Message":"bad"}]`), failedUntouched, failedUntouched, wrapper.ErrBadRequest},
	{"401", jsonFault(401, nil, `[{"Key":"Error","Status":"401","Message":"denied"}]`), failedUntouched, failedUntouched, wrapper.ErrUnauthorized},
	{"stall", &sandbox.Fault{Delay: time.Hour}, failedUntouched, failedUntouched, context.DeadlineExceeded},
	{"cut before handling", &sandbox.Fault{Cut: sandbox.CutBeforeHandling}, failedUntouched, retriedAndSucceeded, nil},
	{"cut mid-answer", &sandbox.Fault{Cut: sandbox.CutMidBody}, failedButHandled, retriedAndSucceeded, nil},
	{"200 html", &sandbox.Fault{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>ok</html>")}, failedUntouched, failedUntouched, nil},
	{"200 truncated", jsonFault(200, nil, `[{"PaymentTokenID": 1, "Ga`), failedUntouched, failedUntouched, nil},
	{"200 null", jsonFault(200, nil, `null`), failedUntouched, failedUntouched, nil},
	{"200 object", jsonFault(200, nil, `{"PaymentTokenID": 1}`), failedUntouched, failedUntouched, nil},
}

func TestEveryFaultOnEveryMethod(t *testing.T) {
	t.Parallel()
	for _, fc := range faultCases {
		for _, op := range operations {
			t.Run(fc.name+"/"+op.name, func(t *testing.T) {
				t.Parallel()
				want := fc.rest
				if op.post {
					want = fc.post
				}
				if op.name == "UpdateMany" && splitByUpdateMany[fc.name] {
					want = splitAndSucceeded
				}
				var requests atomic.Int64
				sb := newSandbox(t, sandbox.WithFaults(func(*http.Request) *sandbox.Fault {
					if requests.Add(1) == 1 {
						return fc.fault
					}
					return nil
				}))
				defer sb.Close()
				sb.Seed(seeded()...)
				c, err := sb.Client(wrapper.WithRetryWait(time.Millisecond, 5*time.Millisecond))
				require.NoError(t, err)
				// Long enough for a loaded machine; the stall waits out a shorter one.
				deadline := 15 * time.Second
				if fc.fault.Delay > 0 {
					deadline = time.Second
				}
				ctx, cancel := context.WithTimeout(t.Context(), deadline)
				defer cancel()

				err = op.call(ctx, c)

				expected := seeded()
				switch want {
				case retriedAndSucceeded:
					require.NoError(t, err)
					assert.Equal(t, op.requests+1, requests.Load(), "one retry")
					expected = op.effect(expected)
				case failedUntouched:
					require.Error(t, err)
					assert.Equal(t, int64(1), requests.Load(), "not retried")
				case failedButHandled:
					require.Error(t, err)
					assert.Equal(t, int64(1), requests.Load(), "a POST whose outcome is unknown is never resent")
					expected = op.effect(expected)
				case splitAndSucceeded:
					require.NoError(t, err)
					assert.Equal(t, op.requests+2, requests.Load(), "the refused batch, then its two halves")
					expected = op.effect(expected)
				}
				if fc.wantErr != nil && want != splitAndSucceeded {
					assert.ErrorIs(t, err, fc.wantErr)
				}
				assertStore(t, expected, sb.Tokens())
			})
		}
	}
}

// assertStore compares the store with what the successful calls wrote,
// ignoring LastUpdate, which the sandbox stamps.
func assertStore(t *testing.T, want, got []wrapper.PaymentToken) {
	t.Helper()
	for i := range got {
		got[i].LastUpdate = wrapper.DateTime{}
	}
	assert.Equal(t, want, got, "nothing lost, nothing doubled")
}
