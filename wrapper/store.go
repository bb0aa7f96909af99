package wrapper

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// StoreDigest identifies the target store (a digest of its SecureURL and base URL, never a secret).
//
// API: none; it sends no request.
func (c *Client) StoreDigest() string {
	// The SecureURL lives only in the header closure, which keeps every credential out of printable fields.
	req := &http.Request{Header: http.Header{}}
	_ = c.authorize(context.Background(), req)
	sum := sha256.Sum256([]byte(req.Header.Get("SecureURL") + "\n" + c.cfg.baseURL.String()))
	return hex.EncodeToString(sum[:])
}
