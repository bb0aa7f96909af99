package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The baseline: the smallest correct client for the same requests, written
// with net/http and encoding/json only — no generated code, no wrapper, no
// retries, pacing or caps.

type baseDate struct{ time.Time }

func (d baseDate) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.Format(time.RFC3339))
}

func (d *baseDate) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		return nil
	}
	t, err := time.Parse("01/02/2006 15:04", s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	d.Time = t
	return err
}

type baseToken struct {
	PaymentTokenID         int32    `json:"PaymentTokenID,omitempty"`
	CustomerID             int32    `json:"CustomerID,omitempty"`
	OrderID                int32    `json:"OrderID,omitempty"`
	CustomerProfileID      string   `json:"CustomerProfileID,omitempty"`
	PaymentProfileID       string   `json:"PaymentProfileID,omitempty"`
	CardLast4              int32    `json:"CardLast4,omitempty"`
	CardExpMonth           int32    `json:"CardExpMonth,omitempty"`
	CardExpYear            int32    `json:"CardExpYear,omitempty"`
	BillingPaymentMethodID int32    `json:"BillingPaymentMethodID,omitempty"`
	LastUpdate             baseDate `json:"LastUpdate"`
	GatewayName            string   `json:"GatewayName,omitempty"`
	GatewayID              int32    `json:"GatewayID,omitempty"`
}

type baseResult struct {
	Key, Value string
	Status     int
	Message    string
}

type baseline struct {
	base                         string
	hc                           *http.Client
	secureURL, privateKey, token string
}

var errBaseNotFound = errors.New("not found")

func (c *baseline) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("SecureURL", c.secureURL)
	req.Header.Set("PrivateKey", c.privateKey)
	req.Header.Set("Token", c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	defer func() { _, _ = io.Copy(io.Discard, resp.Body) }() // so the connection is reused
	switch {
	case resp.StatusCode == http.StatusNotFound,
		resp.StatusCode == http.StatusBadRequest && method == http.MethodGet: // an offset past the end
		return errBaseNotFound
	case resp.StatusCode >= 300:
		return fmt.Errorf("%s %s: status %d", method, path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func (c *baseline) get(ctx context.Context, id int) (baseToken, error) {
	var out []baseToken
	if err := c.do(ctx, http.MethodGet, "/PaymentTokens/"+strconv.Itoa(id), nil, &out); err != nil {
		return baseToken{}, err
	}
	if len(out) == 0 {
		return baseToken{}, errBaseNotFound
	}
	return out[0], nil
}

func (c *baseline) list(ctx context.Context, limit, offset int) ([]baseToken, error) {
	var out []baseToken
	err := c.do(ctx, http.MethodGet, "/PaymentTokens?limit="+strconv.Itoa(limit)+"&offset="+strconv.Itoa(offset), nil, &out)
	if errors.Is(err, errBaseNotFound) {
		return nil, nil
	}
	return out, err
}

func (c *baseline) all(ctx context.Context, each func(baseToken)) error {
	for offset := 1; ; offset += PageSize {
		page, err := c.list(ctx, PageSize, offset)
		if err != nil {
			return err
		}
		for _, t := range page {
			each(t)
		}
		if len(page) < PageSize {
			return nil
		}
	}
}

func (c *baseline) create(ctx context.Context, t baseToken) (int, error) {
	var out []struct{ Value string }
	if err := c.do(ctx, http.MethodPost, "/PaymentTokens", t, &out); err != nil {
		return 0, err
	}
	if len(out) != 1 {
		return 0, errors.New("bad envelope")
	}
	return strconv.Atoi(out[0].Value)
}

func (c *baseline) updateMany(ctx context.Context, ts []baseToken) ([]baseResult, error) {
	var out []struct{ Key, Value, Status, Message string }
	if err := c.do(ctx, http.MethodPut, "/PaymentTokens", ts, &out); err != nil {
		return nil, err
	}
	results := make([]baseResult, len(out))
	for i, o := range out {
		status, err := strconv.Atoi(o.Status)
		if err != nil {
			return nil, err
		}
		results[i] = baseResult{o.Key, o.Value, status, o.Message}
	}
	return results, nil
}
