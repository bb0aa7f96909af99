package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// DecodeArray decodes a JSON array answer, refusing null, objects and
// anything that is not JSON with an error that names the request.
func DecodeArray[T any](r *Reply) ([]T, error) {
	body, err := r.ArrayBody()
	if err != nil {
		return nil, err
	}
	var out []T
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, r.ShapeError("a JSON array", err)
	}
	return out, nil
}

// ArrayBody is the answer's body when it is a JSON array, refusing null,
// objects and anything that is not JSON with an error naming the request.
func (r *Reply) ArrayBody() ([]byte, error) {
	body := bytes.TrimSpace(r.Body)
	if len(body) == 0 || body[0] != '[' {
		return nil, r.ShapeError("a JSON array", nil)
	}
	return body, nil
}

// DecodeObject decodes a JSON object answer into v.
func DecodeObject(r *Reply, v any) error {
	body := bytes.TrimSpace(r.Body)
	if len(body) == 0 || body[0] != '{' {
		return r.ShapeError("a JSON object", nil)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return r.ShapeError("a JSON object", err)
	}
	return nil
}

// ShapeError says that the answer was not what the operation returns. It
// quotes no body (a 2xx body may hold customers' payment data) and masks the
// secrets in what the cause quotes. The answer to a write that cannot be
// read leaves its outcome unknown: the error matches ErrOutcomeUnknown.
func (r *Reply) ShapeError(want string, cause error) error {
	msg := fmt.Sprintf("paymenttokens: %s %s: the %d answer is not %s (Content-Type %q, %d bytes)",
		r.Method, r.Path, r.Status, want, r.Header.Get("Content-Type"), len(r.Body))
	if cause != nil {
		msg += ": " + cause.Error()
	}
	if r.Method != http.MethodGet {
		msg += "; the write may have been applied (outcome unknown)"
		cause = errors.Join(ErrOutcomeUnknown, cause)
	}
	return NewMaskedError(r.Redact(msg), cause)
}
