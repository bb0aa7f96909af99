package probe_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// TestEachBehaviourIsReportedAsItIs probes a sandbox in each behaviour a
// question is about: that question (and its fact) differs, or is read as
// the store did it, and every other question is as assumed.
func TestEachBehaviourIsReportedAsItIs(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		behaviour sandbox.Behaviour
		question  string
		store     string
		verdict   probe.Verdict
		fact      func(probe.Facts) any
		want      any
	}{
		"page cap": {sandbox.Behaviour{PageCap: 100}, "page-cap", "100 a page; a limit over 500 is refused (400)", probe.Differs,
			func(f probe.Facts) any { return []any{f.PageCap, f.PageCapExact, f.LimitOver500} }, []any{100, true, probe.Refused}},
		"merging PUT": {sandbox.Behaviour{MergePUT: true}, "put-merge", "merges: the fields it leaves empty keep their value", probe.Differs,
			func(f probe.Facts) any { return f.PUTMerges }, probe.Yes},
		"unordered": {sandbox.Behaviour{Unordered: true}, "list-order", "not by id (of 600 tokens read)", probe.Differs,
			func(f probe.Facts) any { return f.ListOrderedByID }, probe.No},
		"reused ids": {sandbox.Behaviour{ReuseIDs: true}, "ids-grow", "the deleted token's id again", probe.Differs,
			func(f probe.Facts) any { return f.IDsOnlyGrow }, probe.No},
		"array create": {sandbox.Behaviour{ArrayCreate: true}, "array-create", "accepted (200): each token created", probe.Differs,
			func(f probe.Facts) any { return f.ArrayCreate }, probe.Yes},
		"ISO dates": {sandbox.Behaviour{DateLayout: "2006-01-02T15:04:05"}, "date-format", "ISO 8601 without zone", probe.AsAssumed,
			func(f probe.Facts) any { return f.DateFormats }, []string{"ISO 8601 without zone"}},
		"store clock": {sandbox.Behaviour{StoreOffset: -5 * time.Hour}, "store-clock", "UTC-05:00", probe.Differs,
			func(f probe.Facts) any { return f.StoreUTCOffset }, "-05:00"},
		"half-hour store clock": {sandbox.Behaviour{StoreOffset: 5*time.Hour + 30*time.Minute}, "store-clock", "UTC+05:30", probe.Differs,
			func(f probe.Facts) any { return f.StoreUTCOffset }, "+05:30"},
		"rate-limit headers": {sandbox.Behaviour{RateLimitHeaders: true}, "throttle-headers", "X-Ratelimit-Limit and X-Ratelimit-Remaining", probe.Differs,
			func(f probe.Facts) any { return f.ThrottleHeaders }, []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb, c := store(t, tc.behaviour, 600)
			before := sb.Tokens()
			rep, err := probeRun(t, c, true)
			require.NoError(t, err)
			got := answers(rep)
			require.Contains(t, got, tc.question)
			assert.Equal(t, tc.store, got[tc.question].Store)
			assert.Equal(t, tc.verdict, got[tc.question].Verdict)
			assert.Equal(t, tc.want, tc.fact(rep.Facts))
			for q, a := range got {
				if q != tc.question && q != "empty-list" {
					assert.Equal(t, probe.AsAssumed, a.Verdict, "%s: %s", q, a.Store)
				}
			}
			assert.Equal(t, tc.verdict == probe.Differs, rep.Differs())
			assert.Equal(t, before, sb.Tokens(), "every probe token removed, no other touched")
		})
	}
}

func TestIDsReusedBelowTheHighestAreReported(t *testing.T) {
	t.Parallel()
	sb, c := store(t, sandbox.Behaviour{ReuseIDs: true}, 600)
	require.NoError(t, c.Delete(t.Context(), 300)) // a gap the next create fills
	before := sb.Tokens()
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	a := answers(rep)["ids-grow"]
	assert.Equal(t, "below an id given before", a.Store)
	assert.Equal(t, probe.Differs, a.Verdict)
	assert.Equal(t, before, sb.Tokens())
}

func TestArrayCreateRemovesBothTokensItMade(t *testing.T) {
	t.Parallel()
	sb, c := store(t, sandbox.Behaviour{ArrayCreate: true}, 3)
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	var made, deleted []int32
	for _, w := range rep.Writes {
		switch w.Action {
		case "array-create":
			assert.Equal(t, "created (200)", w.Outcome)
			made = append(made, w.ID)
		case "delete":
			if w.Outcome == "deleted" {
				deleted = append(deleted, w.ID)
			}
		}
	}
	require.Len(t, made, 2)
	assert.Subset(t, deleted, made, "both array tokens deleted")
	assert.Empty(t, probeTokens(sb))
	assert.Len(t, sb.Tokens(), 3)
}

func TestAStoreWithTooFewTokensLeavesTheListingQuestionsUnknown(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]map[string]probe.Verdict{
		0: {"page-cap": probe.Unknown, "list-order": probe.Unknown, "offset-past-end": probe.Unknown, "empty-list": probe.AsAssumed,
			"missing-id": probe.AsAssumed, "date-format": probe.AsAssumed},
		3: {"page-cap": probe.Unknown, "list-order": probe.AsAssumed, "offset-past-end": probe.AsAssumed, "empty-list": probe.Unknown},
	} {
		sb, c := store(t, sandbox.Behaviour{}, n)
		rep, err := probeRun(t, c, true)
		require.NoError(t, err)
		got := answers(rep)
		for q, v := range want {
			assert.Equal(t, v, got[q].Verdict, "%d tokens: %s: %s", n, q, got[q].Store)
		}
		assert.Equal(t, n, rep.Facts.PageCap, "served them all")
		assert.False(t, rep.Facts.PageCapExact)
		assert.False(t, rep.Differs())
		assert.Len(t, sb.Tokens(), n)
	}
	_, c := store(t, sandbox.Behaviour{}, 3)
	rep, err := probeRun(t, c, false)
	require.NoError(t, err)
	assert.Equal(t, "the store holds too few tokens (3) to tell; it served them all in one page", answers(rep)["page-cap"].Store)
}

func TestAStoreThatRefusesTheProbeTokenIsReportedAndTheRestLeftUnknown(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodPost {
			return &sandbox.Fault{Status: http.StatusBadRequest, Body: []byte(`[{"Key":"Error","Status":"400","Message":"CustomerID is required."}]`)}
		}
		return nil
	}))
	t.Cleanup(sb.Close)
	sb.Seed(sandbox.SampleToken(1))
	c, err := sb.Client()
	require.NoError(t, err)
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	got := answers(rep)
	assert.Equal(t, `refused the probe token: 400 "CustomerID is required."`, got["create-roundtrip"].Store)
	assert.Equal(t, probe.Differs, got["create-roundtrip"].Verdict)
	for _, q := range []string{"put-merge", "bulk-missing-id", "read-after-delete", "ids-grow", "array-create"} {
		assert.EqualValues(t, probe.Unknown, got[q].Verdict, q)
	}
	assert.Contains(t, got, "date-format", "the questions after the writes are still answered")
	assert.Len(t, sb.Tokens(), 1)
}

func TestRateLimitHeadersAreRecognizedByName(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]probe.Verdict{
		"Retry-After": probe.AsAssumed, "X-Throttle-Remaining": probe.Differs, "RateLimit-Policy": probe.Differs,
		"X-Rate-Limit-Reset": probe.Differs, "X-Powered-By": probe.AsAssumed,
	} {
		sb := newSandbox(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
			if !strings.HasSuffix(r.URL.Path, "/2147483647") {
				return nil
			}
			return &sandbox.Fault{Status: http.StatusNotFound, Header: http.Header{header: {"1"}},
				Body: []byte(`[{"Key":"Error","Status":"404","Message":"No payment tokens found."}]`)}
		}))
		t.Cleanup(sb.Close)
		c, err := sb.Client()
		require.NoError(t, err)
		rep, err := probeRun(t, c, false)
		require.NoError(t, err)
		a := answers(rep)["throttle-headers"]
		assert.Equal(t, want, a.Verdict, "%s: %s", header, a.Store)
		assert.Contains(t, rep.Facts.HeaderNames, http.CanonicalHeaderKey(header))
	}
}
