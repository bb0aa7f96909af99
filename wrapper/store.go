package wrapper

import (
	"context"
	"net/url"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/storeid"
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

// StoreName names the store this client works on for a person, without a
// secret: the SecureURL's host and port as StorePlaces takes it, and after
// " at " the base URL's host and port when it is not [DefaultBaseURL]'s
// host, such as "old-store.3dcartstores.com" or
// "sandbox-store.3dcartstores.com at 127.0.0.1:8080". Unlike StoreDigest,
// two stores may share a name (two base URL paths on one host).
//
// API: none, it sends no request.
func (c *Client) StoreName() string {
	if api := strings.ToLower(c.cfg.baseURL.Host); api != defaultAPIHost {
		return c.storeName + " at " + api
	}
	return c.storeName
}

// defaultAPIHost is the host of DefaultBaseURL.
var defaultAPIHost = func() string {
	u, _ := url.Parse(DefaultBaseURL)
	return u.Host
}()

// StorePlaces identifies the store this client works on at each place its
// API is reached, as digests (hex, 32 characters): two clients with a
// digest in common work on one store, whichever spelling of the API's host
// their base URLs use. Each digest is of the store as the API is told it
// (the SecureURL's host and port in lower case, without the scheme's
// default port, a trailing dot, the scheme or a path), of one place (the
// base URL's host name in lower case, and each address it resolves to, an
// IPv4-mapped IPv6 address as its IPv4 address, every address of this
// machine, loopback included, as one place), and of the base URL's port
// (the scheme's default when none is written) and path (in lower case, as
// ASP.NET, which serves the API, matches it, cleaned of ./, ../, // and a
// trailing slash).
//
// So 127.0.0.1, localhost, [::ffff:127.0.0.1], [::1] and this machine's
// name are one place, and a name shares its places with the addresses it
// resolves to. Not recognized: two names whose addresses do not meet at
// the time of the lookups (a load balancer answering each lookup with
// other addresses), a proxy or tunnel in front of the API (its address is
// not the API's), and two SecureURLs the API takes as one store (a www.
// domain and the bare one). Two APIs sharing an address, port and path
// (virtual hosts of one server) are taken as one. A host that does not
// resolve within 5 seconds keeps only its name.
//
// API: none, it sends no request; it resolves the base URL's host.
func (c *Client) StorePlaces(ctx context.Context) []string {
	return storeid.Places(ctx, c.storeName, c.cfg.baseURL)
}
