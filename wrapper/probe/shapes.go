package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// shapeOf describes an answer without its data: an error answer keeps its
// messages (the API's own text, secrets masked by the client), a success
// keeps none.
func shapeOf(a *wrapper.RawAnswer) Shape {
	s := Shape{Status: a.Status, Body: bodyForm(a.Body)}
	if a.Status >= 300 {
		s.Messages = a.Messages
	}
	return s
}

// bodyForm names the form of a body: "empty", "error array" (objects with
// Key, Status and Message), "JSON array", "message object" ({"Message"}),
// "JSON object" or "other".
func bodyForm(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "empty"
	}
	var items []map[string]json.RawMessage
	if json.Unmarshal(body, &items) == nil {
		if len(items) > 0 && has(items[0], "Key", "Status", "Message") && !has(items[0], "Value") {
			return "error array"
		}
		return "JSON array"
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) == nil {
		if has(obj, "Message") {
			return "message object"
		}
		return "JSON object"
	}
	return "other"
}

// has reports whether m holds every one of names.
func has(m map[string]json.RawMessage, names ...string) bool {
	for _, n := range names {
		if _, ok := m[n]; !ok {
			return false
		}
	}
	return true
}

// String writes a shape as the table shows it: `404, error array: "No payment tokens found."`.
func (s Shape) String() string {
	if s.Status == 0 {
		return "not seen"
	}
	out := fmt.Sprintf("%d, %s", s.Status, s.Body)
	if len(s.Messages) > 0 {
		quoted := make([]string, len(s.Messages))
		for i, m := range s.Messages {
			quoted[i] = fmt.Sprintf("%q", m)
		}
		out += ": " + strings.Join(quoted, ", ")
	}
	return out
}

// dateForms name the forms LastUpdate takes, tried in order.
var dateForms = []struct {
	name string
	re   *regexp.Regexp
}{
	{"never set (the zero date)", regexp.MustCompile(`^0001-01-01T00:00:00$`)},
	{"MM/dd/yyyy HH:mm", regexp.MustCompile(`^\d\d/\d\d/\d{4} \d\d:\d\d$`)},
	{"MM/dd/yyyy HH:mm:ss", regexp.MustCompile(`^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d$`)},
	{"M/d/yyyy h:mm:ss tt", regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d:\d\d [AP]M$`)},
	{"ISO 8601 without zone", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$`)},
	{"ISO 8601 with zone", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$`)},
}

// dateForm names the form of one LastUpdate as it came on the wire, and
// reports whether the tool reads it (wrapper.DateTime decodes it).
func dateForm(raw json.RawMessage) (name string, readable bool) {
	var d wrapper.DateTime
	readable = json.Unmarshal(raw, &d) == nil
	var s string
	if json.Unmarshal(raw, &s) != nil {
		if string(bytes.TrimSpace(raw)) == "null" {
			return "null", readable
		}
		return "not a string", readable
	}
	if s == "" {
		return "empty string", readable
	}
	for _, f := range dateForms {
		if f.re.MatchString(s) {
			return f.name, readable
		}
	}
	return "other", readable
}

// ownHeaders are the request headers the probe sends: a server that echoes
// them back must not get their names (or values) into the report as its own.
// (Authorization too: a credential whatever sends it).
var ownHeaders = []string{"Secureurl", "Privatekey", "Token", "Authorization", "Accept", "User-Agent"}

// throttleHeaders returns the rate-limit header names among names (never
// nil): Retry-After, RateLimit-*, X-RateLimit-*, X-Rate-Limit-* and any
// name with "throttl" in it.
func throttleHeaders(names []string) []string {
	out := []string{}
	for _, name := range names {
		n := strings.ToLower(name)
		if n == "retry-after" || strings.HasPrefix(n, "ratelimit") || strings.HasPrefix(n, "x-ratelimit") ||
			strings.HasPrefix(n, "x-rate-limit") || strings.Contains(n, "throttl") {
			out = append(out, name)
		}
	}
	return out
}

// headerNames adds the names of h to seen, but for the probe's own request headers.
func headerNames(h http.Header, seen map[string]bool) {
	for name := range h {
		canon := http.CanonicalHeaderKey(name)
		if !slices.Contains(ownHeaders, canon) {
			seen[canon] = true
		}
	}
}
