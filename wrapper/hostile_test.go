package wrapper_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// answer serves body with a content type and status 200.
func answer(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}
}

func TestBrokenSuccessfulAnswersAreClearErrors(t *testing.T) {
	t.Parallel()
	const jsonType = "application/json"
	calls := map[string]struct {
		route string
		call  func(*wrapper.Client) error
	}{
		"Get": {"GET /3dCartWebAPI/v2/PaymentTokens/1", func(c *wrapper.Client) error {
			_, _, err := c.Get(context.Background(), 1)
			return err
		}},
		"List": {"GET /3dCartWebAPI/v2/PaymentTokens", func(c *wrapper.Client) error {
			_, err := c.List(context.Background(), wrapper.ListParams{})
			return err
		}},
		"Create": {"POST /3dCartWebAPI/v2/PaymentTokens", func(c *wrapper.Client) error {
			_, err := c.Create(context.Background(), token(1))
			return err
		}},
		"UpdateMany": {"PUT /3dCartWebAPI/v2/PaymentTokens", func(c *wrapper.Client) error {
			_, err := c.UpdateMany(context.Background(), []wrapper.PaymentToken{{PaymentTokenID: 1}})
			return err
		}},
	}
	for name, tc := range map[string]struct {
		contentType, body string
		only              []string // the calls this case applies to; all when empty
		want              string
	}{
		"html":            {"text/html", "<html><body>Service Unavailable</body></html>", nil, "is not a JSON array"},
		"plain text":      {"text/plain", "OK", nil, "is not a JSON array"},
		"truncated":       {jsonType, `[{"PaymentTokenID": 1, "Cust`, nil, "unexpected end of JSON"},
		"null":            {jsonType, `null`, nil, "is not a JSON array"},
		"object":          {jsonType, `{"PaymentTokenID": 1}`, nil, "is not a JSON array"},
		"empty body":      {jsonType, ``, nil, "is not a JSON array"},
		"empty array":     {jsonType, `[]`, []string{"Get"}, "the array is empty"},
		"beyond int32":    {jsonType, `[{"PaymentTokenID": 1, "CustomerID": 2147483648}]`, []string{"Get", "List"}, "CustomerID"},
		"garbage date":    {jsonType, `[{"PaymentTokenID": 1, "LastUpdate": "last tuesday"}]`, []string{"Get", "List"}, "LastUpdate"},
		"date as number":  {jsonType, `[{"PaymentTokenID": 1, "LastUpdate": 20190328}]`, []string{"Get", "List"}, "LastUpdate"},
		"non-numeric id":  {jsonType, `[{"Key":"PaymentTokenID","Value":"abc","Status":"201","Message":"Created"}]`, []string{"Create"}, `Value is "abc"`},
		"status word":     {jsonType, `[{"Key":"PaymentTokenID","Value":"1","Status":"OK","Message":"updated"}]`, []string{"Create", "UpdateMany"}, "numeric string"},
		"status null":     {jsonType, `[{"Key":"PaymentTokenID","Value":"1","Status":null,"Message":"updated"}]`, []string{"Create", "UpdateMany"}, "numeric string"},
		"missing results": {jsonType, `[]`, []string{"Create", "UpdateMany"}, "got 0"},
	} {
		for callName, call := range calls {
			if len(tc.only) > 0 && !slices.Contains(tc.only, callName) {
				continue
			}
			t.Run(name+"/"+callName, func(t *testing.T) {
				t.Parallel()
				mux, c := setup(t)
				mux.HandleFunc(call.route, answer(tc.contentType, tc.body))
				err := call.call(c)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Contains(t, err.Error(), "/3dCartWebAPI/v2/PaymentTokens", "the error names the request")
			})
		}
	}
}

func TestUnknownFieldsAndEveryDateFormAreAccepted(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", answer("application/json", `[
		{"PaymentTokenID": 1, "LastUpdate": "03/28/2019 14:37", "NewField": {"x": [1, 2]}},
		{"PaymentTokenID": 2, "LastUpdate": "9/16/2013 1:23:45 PM"},
		{"PaymentTokenID": 3, "LastUpdate": "2013-09-16T17:57:32"},
		{"PaymentTokenID": 4, "LastUpdate": "0001-01-01T00:00:00"},
		{"PaymentTokenID": 5, "LastUpdate": "1987-09-27T20:30:15.838Z"},
		{"PaymentTokenID": 6, "LastUpdate": null},
		{"PaymentTokenID": 7, "LastUpdate": ""}
	]`))
	page, err := c.List(t.Context(), wrapper.ListParams{})
	require.NoError(t, err)
	require.Len(t, page, 7)
	assert.Equal(t, time.Date(2019, 3, 28, 14, 37, 0, 0, time.UTC), page[0].LastUpdate.Time)
	assert.Equal(t, time.Date(2013, 9, 16, 13, 23, 45, 0, time.UTC), page[1].LastUpdate.Time)
	assert.Equal(t, time.Date(2013, 9, 16, 17, 57, 32, 0, time.UTC), page[2].LastUpdate.Time)
	assert.True(t, page[3].LastUpdate.IsZero())
	assert.Equal(t, time.Date(1987, 9, 27, 20, 30, 15, 838000000, time.UTC), page[4].LastUpdate.Time)
	assert.True(t, page[5].LastUpdate.IsZero())
	assert.True(t, page[6].LastUpdate.IsZero())
}

func TestOversizedBodiesAreCutOff(t *testing.T) {
	t.Parallel()
	endless := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			chunk := []byte(`[` + strings.Repeat(`{"PaymentTokenID": 1},`, 1000))
			for range 2000 { // at most ~44 MB, ended early when the client hangs up
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	}
	mux, c := setup(t, wrapper.WithMaxBodySize(64<<10, 1<<10))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", endless(200))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/1", endless(500))
	_, err := c.List(t.Context(), wrapper.ListParams{})
	require.ErrorContains(t, err, "the 200 answer exceeds 65536 bytes (raise it with WithMaxBodySize)")
	_, _, err = c.Get(t.Context(), 1)
	var apiErr *wrapper.APIError
	require.ErrorAs(t, err, &apiErr, "an error page over the cap is cut, and its status kept")
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.LessOrEqual(t, len(apiErr.Body), 1024)
}

func TestStallEndsWithTheCallersDeadline(t *testing.T) {
	t.Parallel()
	mux, c := setup(t, wrapper.WithMaxRetries(3))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/1", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, _, err := c.Get(ctx, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestConnectionCutMidBody(t *testing.T) {
	t.Parallel()
	cutOnce := func() http.HandlerFunc {
		var calls counter
		return func(w http.ResponseWriter, r *http.Request) {
			if calls.add() > 1 {
				answer("application/json", `[{"PaymentTokenID": 1}]`)(w, r)
				return
			}
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`[{"PaymentTo`))
			conn, _, _ := http.NewResponseController(w).Hijack()
			_ = conn.Close()
		}
	}
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/1", cutOnce())
	_, _, err := c.Get(t.Context(), 1)
	require.ErrorContains(t, err, "unexpected EOF", "without retries the cut is an error")

	mux, c = setup(t, wrapper.WithMaxRetries(1))
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens/1", cutOnce())
	tk, found, err := c.Get(t.Context(), 1)
	require.NoError(t, err, "a GET cut mid-body is retried")
	assert.True(t, found)
	assert.Equal(t, int32(1), tk.PaymentTokenID)
}

func TestListRefusesItemsWithoutAnID(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", respond(200, `[null,{}]`))
	_, err := c.List(t.Context(), wrapper.ListParams{})
	require.ErrorContains(t, err, "each with its PaymentTokenID")
}

func TestAllStopsWhenTheServerIgnoresOffset(t *testing.T) {
	t.Parallel()
	mux, c := setup(t)
	page := make([]string, wrapper.MaxLimit)
	for i := range page {
		page[i] = fmt.Sprintf(`{"PaymentTokenID":%d}`, i+1)
	}
	var calls counter
	mux.HandleFunc("GET /3dCartWebAPI/v2/PaymentTokens", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("countonly") == "1" {
			respond(200, `{"TotalCount": 1200}`)(w, r)
			return
		}
		calls.add()
		respond(200, "["+strings.Join(page, ",")+"]")(w, r)
	})
	n := 0
	var err error
	for _, err = range c.All(t.Context()) {
		if err != nil {
			break
		}
		n++
	}
	require.ErrorIs(t, err, wrapper.ErrIncompleteListing)
	assert.Contains(t, err.Error(), "the page at offset 501 holding only ids seen already")
	assert.Equal(t, wrapper.MaxLimit, n, "the first page only, once")
	assert.Equal(t, 3*2, calls.count(), "two pages a walk, three walks")
}
