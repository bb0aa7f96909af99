package wrapper

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"path"
	"strings"
)

// StoreDigest identifies the store this client works on, for instance in a
// journal that must not be replayed against another store: the hex of the
// first 16 bytes of the SHA-256 of the SecureURL and the base URL, each
// normalized (scheme and host in lower case, no default port, the path
// cleaned of ./ and ../ and without a trailing slash; a SecureURL without
// scheme gets https://), joined by a newline.
// It holds no secret, and spellings of one URL give one digest; two hosts
// naming one API (localhost and 127.0.0.1) give two: StorePlaces meets
// across them.
//
// API: none, it sends no request.
func (c *Client) StoreDigest() string { return c.storeDigest }

// storeDigest computes StoreDigest's value; secureURL already has its scheme.
func storeDigest(secureURL string, base *url.URL) string {
	sum := sha256.Sum256([]byte(normalizeURL(secureURL) + "\n" + normalizeURL(base.String())))
	return hex.EncodeToString(sum[:16])
}

// normalizeURL writes one spelling of u: scheme and host in lower case,
// without the scheme's default port or a trailing slash.
func normalizeURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return strings.TrimRight(strings.ToLower(u), "/")
	}
	parsed.Scheme = strings.ToLower(parsed.Scheme)
	parsed.Host = strings.ToLower(parsed.Host)
	if host, port, err := net.SplitHostPort(parsed.Host); err == nil &&
		(parsed.Scheme == "https" && port == "443" || parsed.Scheme == "http" && port == "80") {
		parsed.Host = host
	}
	if parsed.Path != "" {
		parsed.Path = strings.TrimRight(path.Clean(parsed.Path), "/") // ./ and ../ spell the same path
	}
	parsed.RawPath = ""
	return parsed.String()
}
