package wrapper

import (
	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// decodeResults decodes a write envelope into Results. The Value (the id)
// is kept as sent, since decisions rest on it: masking it would turn an id
// that happens to be a piece of a secret into "[redacted]". The Message is
// text to quote, so the secrets in it are masked.
func (c *Client) decodeResults(r *pipeline.Reply) ([]Result, error) {
	items, err := pipeline.DecodeArray[gen.WriteResult](r)
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
func (c *Client) checkResults(r *pipeline.Reply, results []Result) error {
	for _, res := range results {
		if !res.OK() {
			return &APIError{StatusCode: res.Status, Method: r.Method, Path: r.Path, Messages: []string{res.Message}, Attempts: r.Attempts}
		}
	}
	return nil
}
