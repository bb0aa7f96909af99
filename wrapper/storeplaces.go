package wrapper

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/netip"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// resolveLimit bounds how long StorePlaces waits for the base URL's host
// to resolve.
const resolveLimit = 5 * time.Second

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
	base := c.cfg.baseURL
	port := base.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(base.Scheme)]
	}
	apiPath := strings.TrimRight(path.Clean("/"+strings.ToLower(base.Path)), "/")
	var digests []string
	for _, place := range placesOf(ctx, base.Hostname()) {
		sum := sha256.Sum256([]byte(c.storeName + "\n" + place + "\n" + port + "\n" + apiPath))
		digests = append(digests, hex.EncodeToString(sum[:16]))
	}
	slices.Sort(digests)
	return slices.Compact(digests)
}

// storeName is the store as the API is told it: the SecureURL's host and
// port in lower case, without the scheme's default port or a trailing dot;
// secureURL already has its scheme.
func storeName(secureURL string) string {
	u, err := url.Parse(secureURL)
	if err != nil || u.Host == "" {
		return strings.ToLower(secureURL)
	}
	host, port := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), u.Port()
	if port == "" || port == "443" || port == "80" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// placesOf names the places host is reached at: its name and each address
// it resolves to within resolveLimit (an address as itself; localhost as
// this machine), every address of this machine as one.
func placesOf(ctx context.Context, host string) []string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		return []string{placeOf(addr.WithZone(""))}
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") { // loopback by RFC 6761, whatever the hosts file says
		return []string{thisMachine}
	}
	places := []string{"name " + host}
	ctx, cancel := context.WithTimeout(ctx, resolveLimit)
	defer cancel()
	addrs, _ := net.DefaultResolver.LookupNetIP(ctx, "ip", host) // unresolved: the name alone
	for _, addr := range addrs {
		places = append(places, placeOf(addr.WithZone("")))
	}
	return places
}

// thisMachine is the place of every address of this machine.
const thisMachine = "this machine"

// placeOf names the place of addr: this machine for any of its addresses,
// else the address, an IPv4-mapped IPv6 one as its IPv4 address.
func placeOf(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.IsLoopback() || addr.IsUnspecified() {
		return thisMachine
	}
	own, _ := net.InterfaceAddrs() // none known: only loopback is this machine
	for _, a := range own {
		if n, ok := a.(*net.IPNet); ok {
			if mine, ok := netip.AddrFromSlice(n.IP); ok && mine.Unmap() == addr {
				return thisMachine
			}
		}
	}
	return "address " + addr.String()
}
