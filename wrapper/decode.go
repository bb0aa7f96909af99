package wrapper

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// decodeArray decodes a JSON array answer, refusing null, objects and
// anything that is not JSON with an error that names the request.
func decodeArray[T any](r *reply) ([]T, error) {
	body, err := r.arrayBody()
	if err != nil {
		return nil, err
	}
	var out []T
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, r.shapeError("a JSON array", err)
	}
	return out, nil
}

// arrayBody is the answer's body when it is a JSON array, refusing null,
// objects and anything that is not JSON with an error naming the request.
func (r *reply) arrayBody() ([]byte, error) {
	body := bytes.TrimSpace(r.body)
	if len(body) == 0 || body[0] != '[' {
		return nil, r.shapeError("a JSON array", nil)
	}
	return body, nil
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
	return newMaskedError(r.redact(msg), cause)
}

// decodeResults decodes a write envelope into Results. The Value (the id)
// is kept as sent, since decisions rest on it: masking it would turn an id
// that happens to be a piece of a secret into "[redacted]". The Message is
// text to quote, so the secrets in it are masked.
func (c *Client) decodeResults(r *reply) ([]Result, error) {
	items, err := decodeArray[gen.WriteResult](r)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(items))
	for i, it := range items {
		out[i] = Result{Key: it.Key, Value: string(it.Value), Status: int(it.Status), Message: c.redact(it.Message)}
	}
	return out, nil
}

// checkResults turns a failed item of a single-token write into an *APIError.
func (c *Client) checkResults(r *reply, results []Result) error {
	for _, res := range results {
		if !res.OK() {
			return &APIError{StatusCode: res.Status, Method: r.method, Path: r.path, Messages: []string{res.Message}, Attempts: r.attempts}
		}
	}
	return nil
}
