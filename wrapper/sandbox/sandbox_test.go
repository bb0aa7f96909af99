package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestCreateGetUpdateDelete(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	ctx := t.Context()

	created, err := c.CreatePaymentTokenWithResponse(ctx, createBody(t, false, token(1)))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode())
	require.Len(t, *created.JSON201, 1)
	item := (*created.JSON201)[0]
	assert.Equal(t, gen.WriteResult{Key: "PaymentTokenID", Value: "1", Status: 201, Message: "Created successfully"}, item)

	got, err := c.GetPaymentTokenWithResponse(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	require.Len(t, *got.JSON200, 1, "get by id answers a one-element array")
	want := token(1)
	want.PaymentTokenID = 1
	want.LastUpdate = (*got.JSON200)[0].LastUpdate
	assert.Equal(t, want, (*got.JSON200)[0])
	assert.Regexp(t, `"LastUpdate":"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"`, string(got.Body), "dates are emitted as MM/dd/yyyy HH:mm")
	assert.WithinDuration(t, time.Now().UTC(), (*got.JSON200)[0].LastUpdate.Time, 2*time.Minute)

	changed := token(1)
	changed.GatewayName = "Stripe"
	changed.LastUpdate = api.DateTime{Time: time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)}
	upd, err := c.UpdatePaymentTokenWithResponse(ctx, 1, changed)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, upd.StatusCode())
	assert.Equal(t, gen.WriteResult{Key: "PaymentTokenID", Value: "1", Status: 200, Message: "updated successfully"}, (*upd.JSON200)[0])
	stored := sb.Tokens()
	require.Len(t, stored, 1)
	assert.Equal(t, "Stripe", stored[0].GatewayName)
	assert.Equal(t, changed.LastUpdate, stored[0].LastUpdate, "a LastUpdate sent as RFC 3339 is kept")
	got, err = c.GetPaymentTokenWithResponse(ctx, 1)
	require.NoError(t, err)
	assert.Contains(t, string(got.Body), `"LastUpdate":"05/06/2024 07:08"`)

	del, err := c.DeletePaymentTokenWithResponse(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, del.StatusCode())
	assert.Equal(t, "deleted successfully", (*del.JSON200)[0].Message)
	assert.Empty(t, sb.Tokens())
}

func TestMissingIDsAnswer404(t *testing.T) {
	t.Parallel()
	_, c := setup(t)
	ctx := t.Context()
	get, err := c.GetPaymentTokenWithResponse(ctx, 99)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, get.StatusCode())
	assert.Equal(t, gen.ErrorList{{Key: "Error", Status: 404, Message: "No payment tokens found."}}, *get.JSON404)
	upd, err := c.UpdatePaymentTokenWithResponse(ctx, 99, token(1))
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, upd.StatusCode())
	require.NotNil(t, upd.JSON404)
	del, err := c.DeletePaymentTokenWithResponse(ctx, 99)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, del.StatusCode())
	require.NotNil(t, del.JSON404)
}

func TestListPaging(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	ctx := t.Context()

	empty, err := c.ListPaymentTokensWithResponse(ctx, &gen.ListPaymentTokensParams{})
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, empty.StatusCode(), "an empty list answers 404")
	assert.Equal(t, "No payment tokens found.", (*empty.JSON404)[0].Message)

	for i := range int32(25) {
		sb.Seed(token(i + 1))
	}
	page := func(params gen.ListPaymentTokensParams) (int, []int32) {
		resp, err := c.ListPaymentTokensWithResponse(ctx, &params)
		require.NoError(t, err)
		if resp.StatusCode() != http.StatusOK {
			return resp.StatusCode(), nil
		}
		tokens, err := resp.JSON200.AsPaymentTokenList()
		require.NoError(t, err)
		ids := make([]int32, len(tokens))
		for i, tk := range tokens {
			ids[i] = tk.PaymentTokenID
		}
		return resp.StatusCode(), ids
	}
	seq := func(from, to int32) []int32 {
		var out []int32
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	}
	for _, c := range []struct {
		params gen.ListPaymentTokensParams
		ids    []int32
	}{
		{gen.ListPaymentTokensParams{}, seq(1, 10)},
		{gen.ListPaymentTokensParams{Offset: ptr[int32](0)}, seq(1, 10)},
		{gen.ListPaymentTokensParams{Limit: ptr[int32](10), Offset: ptr[int32](1)}, seq(1, 10)},
		{gen.ListPaymentTokensParams{Limit: ptr[int32](10), Offset: ptr[int32](11)}, seq(11, 20)},
		{gen.ListPaymentTokensParams{Limit: ptr[int32](10), Offset: ptr[int32](21)}, seq(21, 25)},
		{gen.ListPaymentTokensParams{Limit: ptr[int32](500)}, seq(1, 25)},
		{gen.ListPaymentTokensParams{Limit: ptr[int32](1), Offset: ptr[int32](25)}, seq(25, 25)},
	} {
		status, ids := page(c.params)
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, c.ids, ids)
	}

	past, err := c.ListPaymentTokensWithResponse(ctx, &gen.ListPaymentTokensParams{Offset: ptr[int32](26)})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, past.StatusCode())
	assert.Equal(t, "Offset amount exceeds the total number of records", (*past.JSON400)[0].Message)
}

func TestCountOnly(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	count := func() int32 {
		resp, err := c.ListPaymentTokensWithResponse(t.Context(), &gen.ListPaymentTokensParams{Countonly: ptr[int32](1)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		n, err := resp.JSON200.AsTokenCount()
		require.NoError(t, err)
		return n.TotalCount
	}
	assert.Equal(t, int32(0), count())
	sb.Seed(token(1), token(2), token(3))
	assert.Equal(t, int32(3), count())
}

func TestUnsetQueryParametersAreNotSent(t *testing.T) {
	t.Parallel()
	var queries []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	c, err := gen.NewClientWithResponses(srv.URL)
	require.NoError(t, err)
	_, err = c.ListPaymentTokensWithResponse(t.Context(), &gen.ListPaymentTokensParams{})
	require.NoError(t, err)
	_, err = c.ListPaymentTokensWithResponse(t.Context(), &gen.ListPaymentTokensParams{Limit: ptr[int32](5)})
	require.NoError(t, err)
	assert.Equal(t, []string{"", "limit=5"}, queries)
}

func TestBulkUpdate(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	ids := sb.Seed(token(1), token(2))
	a, b := token(10), token(20)
	a.PaymentTokenID, b.PaymentTokenID = ids[0], ids[1]

	all, err := c.UpdatePaymentTokensWithResponse(t.Context(), gen.UpdatePaymentTokensJSONRequestBody{a, b})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, all.StatusCode())
	assert.Equal(t, gen.WriteResults{
		{Key: "PaymentTokenID", Value: "1", Status: 200, Message: "updated successfully"},
		{Key: "PaymentTokenID", Value: "2", Status: 200, Message: "updated successfully"},
	}, *all.JSON200)
	assert.Equal(t, int32(10), sb.Tokens()[0].CustomerID)

	missing := token(30)
	missing.PaymentTokenID = 77
	a.CustomerID = 11
	partial, err := c.UpdatePaymentTokensWithResponse(t.Context(), gen.UpdatePaymentTokensJSONRequestBody{missing, a})
	require.NoError(t, err)
	require.Equal(t, http.StatusPartialContent, partial.StatusCode())
	assert.Equal(t, gen.WriteResults{
		{Key: "PaymentTokenID", Value: "77", Status: 404, Message: "No payment tokens found."},
		{Key: "PaymentTokenID", Value: "1", Status: 200, Message: "updated successfully"},
	}, *partial.JSON206)
	assert.Equal(t, int32(11), sb.Tokens()[0].CustomerID)
	assert.Len(t, sb.Tokens(), 2, "a missing id is not created")
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	sb, _ := setup(t)
	good := sb.Credentials()
	for name, creds := range map[string]sandbox.Credentials{
		"wrong SecureURL":  {SecureURL: "https://other.example", PrivateKey: good.PrivateKey, Token: good.Token},
		"wrong PrivateKey": {SecureURL: good.SecureURL, PrivateKey: "nope", Token: good.Token},
		"missing Token":    {SecureURL: good.SecureURL, PrivateKey: good.PrivateKey},
	} {
		status, header, body := raw(t, sb, http.MethodGet, "/PaymentTokens", "", "", creds)
		assert.Equal(t, http.StatusUnauthorized, status, name)
		assert.Equal(t, "application/json", header.Get("Content-Type"), name)
		assert.Contains(t, body, `"Status":"401"`, name)
	}
	status, _, _ := raw(t, sb, http.MethodGet, "/PaymentTokens?countonly=1", "", "", good)
	assert.Equal(t, http.StatusOK, status)

	fixed := newSandbox(t, sandbox.WithCredentials(sandbox.Credentials{SecureURL: "s", PrivateKey: "k", Token: "t"}))
	defer fixed.Close()
	status, _, _ = raw(t, fixed, http.MethodGet, "/PaymentTokens?countonly=1", "", "", sandbox.Credentials{SecureURL: "s", PrivateKey: "k", Token: "t"})
	assert.Equal(t, http.StatusOK, status)
}

func TestInvalidRequestsAnswer400WithAnErrorArray(t *testing.T) {
	t.Parallel()
	sb, _ := setup(t)
	sb.Seed(token(1))
	creds := sb.Credentials()
	long := fmt.Sprintf(`{"GatewayName": %q}`, strings.Repeat("x", 51))
	for name, c := range map[string]struct{ method, path, body string }{
		"limit above 500":     {http.MethodGet, "/PaymentTokens?limit=501", ""},
		"limit not a number":  {http.MethodGet, "/PaymentTokens?limit=ten", ""},
		"id zero":             {http.MethodGet, "/PaymentTokens/0", ""},
		"string over 50":      {http.MethodPost, "/PaymentTokens", long},
		"int32 overflow":      {http.MethodPost, "/PaymentTokens", `{"CustomerID": 3000000000}`},
		"garbage date":        {http.MethodPut, "/PaymentTokens/1", `{"LastUpdate": "soon"}`},
		"object for the bulk": {http.MethodPut, "/PaymentTokens", `{"PaymentTokenID": 1}`},
		"empty bulk":          {http.MethodPut, "/PaymentTokens", `[]`},
		"truncated JSON":      {http.MethodPost, "/PaymentTokens", `{"CustomerID": 1`},
	} {
		status, _, body := raw(t, sb, c.method, c.path, "application/json", c.body, creds)
		assert.Equal(t, http.StatusBadRequest, status, name)
		var errs gen.ErrorList
		require.NoError(t, json.Unmarshal([]byte(body), &errs), name)
		require.Len(t, errs, 1, name)
		assert.Equal(t, api.IntString(400), errs[0].Status, name)
		assert.NotEmpty(t, errs[0].Message, name)
	}
	assert.Len(t, sb.Tokens(), 1, "no invalid request changed the store")

	status, _, body := raw(t, sb, http.MethodPost, "/PaymentTokens", "text/plain", "hello", creds)
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
	assert.Contains(t, body, `"Status":"415"`)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	var n sync.Map
	sb, c := setup(t, sandbox.WithFaults(func(r *http.Request) *sandbox.Fault {
		switch r.URL.Query().Get("limit") {
		case "1":
			return &sandbox.Fault{Status: 500, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`[{"Key":"Error","Status":"500","Message":"boom"}]`)}
		case "2":
			return &sandbox.Fault{Cut: sandbox.CutBeforeHandling}
		case "3":
			return &sandbox.Fault{Delay: time.Hour}
		}
		if r.Method == http.MethodPost {
			if _, seen := n.LoadOrStore("post", true); !seen {
				return &sandbox.Fault{Cut: sandbox.CutMidBody}
			}
		}
		return nil
	}))
	ctx := t.Context()
	resp, err := c.ListPaymentTokensWithResponse(ctx, &gen.ListPaymentTokensParams{Limit: ptr[int32](1)})
	require.NoError(t, err)
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode())
	assert.Equal(t, "boom", (*resp.JSON500)[0].Message)

	_, err = c.ListPaymentTokensWithResponse(ctx, &gen.ListPaymentTokensParams{Limit: ptr[int32](2)})
	require.Error(t, err, "a cut connection is a transport error")

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.ListPaymentTokensWithResponse(short, &gen.ListPaymentTokensParams{Limit: ptr[int32](3)})
	require.ErrorIs(t, err, context.DeadlineExceeded, "a stall ends with the caller's deadline")

	_, err = c.CreatePaymentTokenWithResponse(ctx, createBody(t, false, token(1)))
	require.Error(t, err, "the answer was cut mid-body")
	assert.Len(t, sb.Tokens(), 1, "the cut POST was handled all the same")
}

func TestConcurrentCreatesGetDistinctIDs(t *testing.T) {
	t.Parallel()
	sb, c := setup(t)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for w := range int32(workers) {
		wg.Go(func() {
			for i := range int32(each) {
				resp, err := c.CreatePaymentTokenWithResponse(t.Context(), createBody(t, false, token(w*100+i)))
				assert.NoError(t, err)
				assert.Equal(t, http.StatusCreated, resp.StatusCode())
			}
		})
	}
	wg.Wait()
	tokens := sb.Tokens()
	require.Len(t, tokens, workers*each)
	seen := map[int32]bool{}
	for _, tk := range tokens {
		assert.False(t, seen[tk.PaymentTokenID])
		seen[tk.PaymentTokenID] = true
	}
}

func TestHandlerMountsOnAnotherServer(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	defer sb.Close()
	mine := httptest.NewServer(sb.Handler())
	defer mine.Close()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, mine.URL+"/3dCartWebAPI/v2/PaymentTokens?countonly=1", nil)
	require.NoError(t, err)
	require.NoError(t, authEditor(sb.Credentials())(t.Context(), req))
	resp, err := mine.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestUnknownRoutesAnswer404WithAnErrorArray(t *testing.T) {
	t.Parallel()
	sb, _ := setup(t)
	status, _, body := raw(t, sb, http.MethodGet, "/Orders", "", "", sb.Credentials())
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, `"Status":"404"`)
}

func TestWrongMethodsOnKnownPathsAnswer405WithAllow(t *testing.T) {
	t.Parallel()
	sb, _ := setup(t)
	sb.Seed(token(1))
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodPatch, "/PaymentTokens", "GET, POST, PUT"},
		{http.MethodDelete, "/PaymentTokens", "GET, POST, PUT"},
		{http.MethodPatch, "/PaymentTokens/1", "DELETE, GET, PUT"},
		{http.MethodPost, "/PaymentTokens/1", "DELETE, GET, PUT"},
	} {
		status, header, body := raw(t, sb, c.method, c.path, "application/json", "{}", sb.Credentials())
		name := c.method + " " + c.path
		assert.Equal(t, http.StatusMethodNotAllowed, status, name)
		assert.Equal(t, c.allow, header.Get("Allow"), name)
		var errs gen.ErrorList
		require.NoError(t, json.Unmarshal([]byte(body), &errs), name)
		require.Len(t, errs, 1, name)
		assert.Equal(t, api.IntString(405), errs[0].Status, name)
		assert.Contains(t, errs[0].Message, c.allow, name)
	}
	assert.Equal(t, []int32{1}, []int32{sb.Tokens()[0].PaymentTokenID}, "nothing changed")
	assert.Equal(t, token(1).CustomerID, sb.Tokens()[0].CustomerID)
}

func TestWrongCredentialsAnswer401ThroughTheGeneratedClient(t *testing.T) {
	t.Parallel()
	sb, _ := setup(t)
	creds := sb.Credentials()
	creds.PrivateKey = "not-the-key"
	resp, err := newGenClient(t, sb.URL(), creds).GetPaymentTokenWithResponse(t.Context(), 1)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
	require.NotNil(t, resp.JSON401)
	assert.Equal(t, api.IntString(401), (*resp.JSON401)[0].Status)
}
