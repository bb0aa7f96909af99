package storeid

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

// Places is the value of wrapper's StorePlaces for the store name (see
// Name) reached at the base URL base.
func Places(ctx context.Context, name string, base *url.URL) []string {
	port := base.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(base.Scheme)]
	}
	apiPath := strings.TrimRight(path.Clean("/"+strings.ToLower(base.Path)), "/")
	var digests []string
	for _, place := range placesOf(ctx, base.Hostname()) {
		sum := sha256.Sum256([]byte(name + "\n" + place + "\n" + port + "\n" + apiPath))
		digests = append(digests, hex.EncodeToString(sum[:16]))
	}
	slices.Sort(digests)
	return slices.Compact(digests)
}

// Name is the store as the API is told it: the SecureURL's host and port
// in lower case, without the scheme's default port or a trailing dot;
// secureURL already has its scheme.
func Name(secureURL string) string {
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
