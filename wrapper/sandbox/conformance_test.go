package sandbox_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// The conformance tests send the spec's edges to the sandbox (each integer
// bound and one past it, each date form and its near misses, each method on
// each path) and check, for every request, that the spec's own validator
// says what the test expects of it, that the sandbox accepts what the spec
// admits and refuses what it forbids with a message naming the parameter
// or field (and an integer's bounds), and that every answer matches the spec.

// edge is one request at an edge of the spec.
type edge struct {
	method, path, body string // the body is sent as application/json when not ""
	admit              bool   // the spec admits it
	names              string // a refusal's message holds this: the parameter, or the place in the body
	bounds             string // an integer refusal's message holds this: "from MIN to MAX"
}

// conformance holds what the tests share: the spec, its validator, and a
// sandbox holding token 1.
type conformance struct {
	doc *openapi3.T
	v   *contract.Validator
	sb  *sandbox.Server
}

func newConformance(t *testing.T, opts ...sandbox.Option) *conformance {
	t.Helper()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	v, err := contract.NewValidator()
	require.NoError(t, err)
	sb := newSandbox(t, opts...)
	t.Cleanup(sb.Close)
	sb.Seed(token(1))
	return &conformance{doc: doc, v: v, sb: sb}
}

// send sends a request to the sandbox, after asking the spec what it says
// of it; every answer to a request of an operation must match the spec.
func (c *conformance) send(t *testing.T, method, path, contentType, body string) (status int, header http.Header, answer string, specErr error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, c.sb.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	require.NoError(t, authEditor(c.sb.Credentials())(t.Context(), req))
	in, specErr := c.v.ValidateRequest(t.Context(), req, []byte(body))
	status, header, answer = raw(t, c.sb, method, path, contentType, body, c.sb.Credentials())
	if in != nil {
		assert.NoError(t, c.v.ValidateResponse(t.Context(), in, status, header, []byte(answer)), "%s %s %s", method, path, body)
	}
	return status, header, answer, specErr
}

// check sends e and checks the spec's verdict and the sandbox's answer.
func (c *conformance) check(t *testing.T, e edge) {
	t.Helper()
	name := fmt.Sprintf("%s %s %s", e.method, e.path, e.body)
	contentType := ""
	if e.body != "" {
		contentType = "application/json"
	}
	status, _, answer, specErr := c.send(t, e.method, e.path, contentType, e.body)
	if e.admit {
		assert.NoError(t, specErr, "%s: the spec admits it", name)
		assert.True(t, accepted(status, answer), "%s: the spec admits it; the sandbox answered %d %s", name, status, answer)
		return
	}
	if assert.Error(t, specErr, "%s: the spec forbids it", name) {
		assert.Contains(t, specErr.Error(), e.names, "%s: the spec's validator names it", name)
	}
	if assert.Equal(t, http.StatusBadRequest, status, "%s: %s", name, answer) {
		msg := errorMessage(t, answer)
		assert.Contains(t, msg, e.names, name)
		assert.Contains(t, msg, e.bounds, name)
		assert.NotContains(t, msg, "9223372036854775807", "%s: an int32 is not told 64-bit bounds", name)
	}
}

// accepted reports whether an answer is the API's answer to a request it
// understood: a success, "no such token", or paging past the end.
func accepted(status int, answer string) bool {
	return status < 400 || status == http.StatusNotFound ||
		status == http.StatusBadRequest && strings.Contains(answer, "Offset amount exceeds the total number of records")
}

// errorMessage is the message of a one-item error answer.
func errorMessage(t *testing.T, answer string) string {
	t.Helper()
	var errs gen.ErrorList
	require.NoError(t, json.Unmarshal([]byte(answer), &errs), answer)
	require.Len(t, errs, 1, answer)
	return errs[0].Message
}

// integerEdges are an integer schema's bounds and the values one past them
// and past 64 bits, with whether the schema admits each.
func integerEdges(t *testing.T, s *openapi3.Schema) (bounds string, values []edge) {
	t.Helper()
	require.True(t, s.Min != nil && s.Max != nil, "the spec bounds every integer (TestEveryIntegerStatesItsBounds)")
	lo, hi := int64(*s.Min), int64(*s.Max)
	for _, v := range []struct {
		n     string
		admit bool
	}{{fmt.Sprint(lo), true}, {fmt.Sprint(hi), true}, {fmt.Sprint(lo - 1), false}, {fmt.Sprint(hi + 1), false}, {"99999999999999999999", false}} {
		values = append(values, edge{body: v.n, admit: v.admit})
	}
	return fmt.Sprintf("from %d to %d", lo, hi), values
}

func TestConformanceIntegerFieldsAtTheirBounds(t *testing.T) {
	t.Parallel()
	c := newConformance(t)
	arrays := newConformance(t, sandbox.WithBehaviour(sandbox.Behaviour{ArrayCreate: true}))
	props := c.doc.Components.Schemas["PaymentToken"].Value.Properties
	fields := 0
	for _, field := range slices.Sorted(maps.Keys(props)) {
		if !props[field].Value.Type.Is(openapi3.TypeInteger) {
			continue
		}
		fields++
		bounds, values := integerEdges(t, props[field].Value)
		for _, v := range values {
			one := fmt.Sprintf(`{%q: %s}`, field, v.body)
			bulk := fmt.Sprintf(`[{"PaymentTokenID": 1, %q: %s}]`, field, v.body)
			if field == "PaymentTokenID" {
				bulk = "[" + one + "]"
			}
			for _, e := range []edge{
				{method: http.MethodPost, path: "/PaymentTokens", body: one, names: "request body, " + field},
				{method: http.MethodPut, path: "/PaymentTokens/1", body: one, names: "request body, " + field},
				{method: http.MethodPut, path: "/PaymentTokens", body: bulk, names: "request body, item 0, " + field},
				{method: http.MethodPost, path: "/PaymentTokens", body: "[" + one + "]", names: "request body, item 0, " + field},
			} {
				e.admit, e.bounds = v.admit, bounds
				if strings.HasPrefix(e.body, "[") && e.method == http.MethodPost && e.admit {
					arrays.check(t, e) // an array create is admitted by a store that takes arrays only
					continue
				}
				c.check(t, e)
			}
			if !v.admit {
				itemRefused(t, arrays, field, v.body, bounds)
			}
		}
	}
	assert.Equal(t, 8, fields, "every integer field of a token")
}

// itemRefused checks that a store taking array creates refuses the item
// holding an integer out of bounds alone, naming its field and the bounds.
func itemRefused(t *testing.T, c *conformance, field, value, bounds string) {
	t.Helper()
	body := fmt.Sprintf(`[{"CustomerID": 1}, {%q: %s}]`, field, value)
	status, _, answer, _ := c.send(t, http.MethodPost, "/PaymentTokens", "application/json", body)
	require.Equal(t, http.StatusPartialContent, status, "%s: %s", body, answer)
	var results gen.WriteResults
	require.NoError(t, json.Unmarshal([]byte(answer), &results))
	require.Len(t, results, 2)
	assert.Equal(t, 201, int(results[0].Status), body)
	assert.Equal(t, 400, int(results[1].Status), body)
	assert.Contains(t, results[1].Message, field, body)
	assert.Contains(t, results[1].Message, bounds, body)
}

func TestConformanceParametersAtTheirBounds(t *testing.T) {
	t.Parallel()
	c := newConformance(t)
	list := c.doc.Paths.Find("/PaymentTokens").Get
	for _, p := range list.Parameters {
		bounds, values := integerEdges(t, p.Value.Schema.Value)
		for _, v := range values {
			c.check(t, edge{method: http.MethodGet, path: "/PaymentTokens?" + p.Value.Name + "=" + v.body, admit: v.admit,
				names: fmt.Sprintf("parameter %q in query", p.Value.Name), bounds: bounds})
		}
	}
	id := c.doc.Paths.Find("/PaymentTokens/{id}").Parameters.GetByInAndName("path", "id")
	bounds, values := integerEdges(t, id.Schema.Value)
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} { // DELETE last: it removes token 1
		for _, v := range values {
			e := edge{method: method, path: "/PaymentTokens/" + v.body, admit: v.admit, names: `parameter "id" in path`, bounds: bounds}
			if method == http.MethodPut {
				e.body = `{"CustomerID": 1}`
			}
			c.check(t, e)
		}
	}
}

func TestConformanceDates(t *testing.T) {
	t.Parallel()
	c := newConformance(t)
	admitted := []string{
		"03/28/2019 14:37", "3/28/2019 14:37:09", "12/31/9999 11:59:59 PM", "1/2/2024 3:04PM", "1/2/2024 3:04 AM",
		"1/2/2024 3:04:05PM", "02/29/2024 00:00", "2/29/2000 23:59", "0001-01-01T00:00:00", "1987-09-27T20:30:15.838Z",
		"2024-01-02T03:04:05+0100", "2024-01-02 03:04:05+0100", "2024-01-02 03:04:05+01:00", "2024-01-02 03:04:05Z",
		"2024-01-02 03:04:05,123456789-23:59", "9999-12-31T23:59:59Z", "",
	}
	refused := []string{
		"7994-58-73T03:00:01Z", "80/79/7681 3:66", "02/29/2023 00:00", "2100-02-29T00:00:00", "04/31/2024 00:00",
		"13/01/2024 00:00", "1/2/2024 13:04 PM", "1/2/2024 0:04 AM", "1/2/2024 3:04 pm", "2024-01-02T24:00:00",
		"2024-01-02T23:60:00", "2024-01-02T23:59:60", "2024-01-02T00:00:00+24:00", "2024-01-02T00:00:00.1234567890",
		"0000-01-01T00:00:00", "10000-01-01T00:00:00", "2024-1-2T00:00:00", "1/2/24 3:04", "soon",
	}
	for _, dates := range []struct {
		values []string
		admit  bool
	}{{admitted, true}, {refused, false}} {
		for _, d := range dates.values {
			one := fmt.Sprintf(`{"LastUpdate": %q}`, d)
			for _, e := range []edge{
				{method: http.MethodPost, path: "/PaymentTokens", body: one, names: "request body, LastUpdate"},
				{method: http.MethodPut, path: "/PaymentTokens/1", body: one, names: "request body, LastUpdate"},
				{method: http.MethodPut, path: "/PaymentTokens", body: fmt.Sprintf(`[{"PaymentTokenID": 1, "LastUpdate": %q}]`, d), names: "request body, item 0, LastUpdate"},
			} {
				e.admit = dates.admit
				c.check(t, e)
			}
		}
	}
	c.check(t, edge{method: http.MethodPost, path: "/PaymentTokens", body: `{"LastUpdate": null}`, admit: true})
}

func TestConformanceEveryUnlistedMethodIs405WithAllow(t *testing.T) {
	t.Parallel()
	c := newConformance(t)
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodTrace}
	bodies := []struct{ contentType, body string }{{"", ""}, {"application/json", "{}"}, {"text/plain", "x"}}
	for template, item := range c.doc.Paths.Map() {
		path := strings.ReplaceAll(template, "{id}", "1")
		ops := item.Operations()
		allow := strings.Join(slices.Sorted(maps.Keys(ops)), ", ")
		for _, method := range methods {
			for _, b := range bodies {
				name := fmt.Sprintf("%s %s (%q body)", method, path, b.contentType)
				status, header, answer, specErr := c.send(t, method, path, b.contentType, b.body)
				if _, listed := ops[method]; listed {
					assert.NotErrorIs(t, specErr, routers.ErrMethodNotAllowed, name)
					assert.NotEqual(t, http.StatusMethodNotAllowed, status, name)
					continue
				}
				assert.ErrorIs(t, specErr, routers.ErrMethodNotAllowed, "%s: the spec has no such operation", name)
				require.Equal(t, http.StatusMethodNotAllowed, status, "%s: %s", name, answer)
				assert.Equal(t, allow, header.Get("Allow"), name)
				if method != http.MethodHead { // a HEAD answer has no body
					assert.Contains(t, errorMessage(t, answer), allow, name)
				}
			}
		}
	}
}
