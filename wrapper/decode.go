package wrapper

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
)

// decodeArray decodes a JSON array answer, refusing null, objects and
// anything that is not JSON with an error that names the request.
func decodeArray[T any](r *reply) ([]T, error) {
	body := bytes.TrimSpace(r.body)
	if len(body) == 0 || body[0] != '[' {
		return nil, r.shapeError("a JSON array", nil)
	}
	var out []T
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, r.shapeError("a JSON array", err)
	}
	return out, nil
}

// shapeError says that the answer was not what the operation returns. It
// quotes no body (a 2xx body may hold customers' payment data) and masks the
// secrets in what the cause quotes. The answer to a write that cannot be
// read leaves its outcome unknown: the error matches ErrOutcomeUnknown.
func (r *reply) shapeError(want string, cause error) error {
	msg := fmt.Sprintf("paymenttokens: %s %s: the %d answer is not %s (Content-Type %q, %d bytes)",
		r.method, r.path, r.status, want, r.header.Get("Content-Type"), len(r.body))
	if cause != nil {
		msg += ": " + cause.Error()
	}
	if r.method != http.MethodGet {
		msg += "; the write may have been applied (outcome unknown)"
		cause = errors.Join(ErrOutcomeUnknown, cause)
	}
	return &maskedError{msg: r.redact(msg), cause: cause}
}

// envelopeItem is the documented wire form of Result: Value and Status are strings.
type envelopeItem struct {
	Key, Value, Status, Message string
}

// looseEnvelopeItem also accepts numbers for Value and Status, as some
// answers carry them.
type looseEnvelopeItem struct {
	Key     string
	Value   flexString
	Status  flexInt
	Message string
}

// decodeResults decodes a write envelope. The documented all-string form
// decodes without custom unmarshalers (the fast path); numbers for Value or
// Status fall back to the loose form.
func (c *Client) decodeResults(r *reply) ([]Result, error) {
	items, err := decodeArray[envelopeItem](r)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		loose, err := decodeArray[looseEnvelopeItem](r)
		if err != nil {
			return nil, err
		}
		items = make([]envelopeItem, len(loose))
		for i, it := range loose {
			items[i] = envelopeItem{Key: it.Key, Value: string(it.Value), Status: strconv.Itoa(int(it.Status)), Message: it.Message}
		}
	} else if err != nil {
		return nil, err
	}
	out := make([]Result, len(items))
	for i, it := range items {
		status, ok := parseInt([]byte(it.Status))
		if !ok {
			return nil, r.shapeError("a write envelope", fmt.Errorf("item %d: Status: want a number or a numeric string, got %q", i, excerpt([]byte(it.Status), 40)))
		}
		out[i] = Result{Key: it.Key, Value: c.redact(it.Value), Status: status, Message: c.redact(it.Message)}
	}
	return out, nil
}

// checkResults turns a failed item of a single-token write into an *APIError.
func (c *Client) checkResults(r *reply, results []Result) error {
	for _, res := range results {
		if !res.OK() {
			return &APIError{StatusCode: res.Status, Method: r.method, Path: r.path, Messages: []string{c.redact(res.Message)}, Attempts: r.attempts}
		}
	}
	return nil
}

// flexInt decodes a JSON number or a numeric string.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	digits := b
	if len(digits) >= 2 && digits[0] == '"' && digits[len(digits)-1] == '"' {
		digits = digits[1 : len(digits)-1]
	}
	n, ok := parseInt(digits)
	if !ok {
		return fmt.Errorf("want a number or a numeric string, got %s", excerpt(b, 40))
	}
	*f = flexInt(n)
	return nil
}

// parseInt reads an optionally signed decimal int32 without allocating.
func parseInt(b []byte) (int, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg || len(b) > 0 && b[0] == '+' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n > math.MaxInt32 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// flexString decodes a JSON string or number as a string.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		*f = flexString(b[1 : len(b)-1]) // the common case: no escapes to undo
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", excerpt(b, 40))
	}
	*f = flexString(n)
	return nil
}

// decodeObject decodes a JSON object answer into v.
func decodeObject(r *reply, v any) error {
	body := bytes.TrimSpace(r.body)
	if len(body) == 0 || body[0] != '{' {
		return r.shapeError("a JSON object", nil)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return r.shapeError("a JSON object", err)
	}
	return nil
}
