// Package storeid identifies the store a wrapper.Client works on, without
// a secret: its digest, and its places (see wrapper's StoreDigest and
// StorePlaces, whose docs state the rules).
package storeid

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"path"
	"strings"
)

// Digest is the value of wrapper's StoreDigest; secureURL already has its scheme.
func Digest(secureURL string, base *url.URL) string {
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
