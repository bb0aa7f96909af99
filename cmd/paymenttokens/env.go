package main

import (
	"flag"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// The environment variables that name the store and the API.
const (
	envSecureURL  = "THREEDCART_SECURE_URL"
	envPrivateKey = "THREEDCART_PRIVATE_KEY"
	envToken      = "THREEDCART_TOKEN"
	envBaseURL    = "THREEDCART_BASE_URL"
)

// storeFlags are the flags of the commands that talk to a store.
type storeFlags struct {
	pacing
	baseURL string
}

// newStoreFlags returns a command's flag set with --base-url and client pacing.
func (c *cli) newStoreFlags(name, usage, about string, sf *storeFlags) *flag.FlagSet {
	sf.pacing = pacing{rate: wrapper.DefaultRatePerSec, burst: wrapper.DefaultRateBurst}
	fs := c.newFlags(name, usage, about, &sf.pacing, "at most `R` requests per second (the API allows 2; 0 turns pacing off)")
	fs.StringVar(&sf.baseURL, "base-url", "", "the API's base `URL` (default $"+envBaseURL+", else "+wrapper.DefaultBaseURL+")")
	return fs
}

// client builds the store's client from the environment and the flags. A
// missing variable is a usage error naming every one that is missing.
func (c *cli) client(sf storeFlags) (*wrapper.Client, error) {
	if err := sf.check(); err != nil {
		return nil, err
	}
	creds := wrapper.Credentials{
		SecureURL:  strings.TrimSpace(c.getenv(envSecureURL)),
		PrivateKey: strings.TrimSpace(c.getenv(envPrivateKey)),
		Token:      strings.TrimSpace(c.getenv(envToken)),
	}
	c.secrets = append(c.secrets, creds.PrivateKey, creds.Token)
	var missing []string
	for _, v := range []struct{ name, value string }{
		{envSecureURL, creds.SecureURL}, {envPrivateKey, creds.PrivateKey}, {envToken, creds.Token},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return nil, usagef("missing credentials: set %s (export %s=...; 'paymenttokens sandbox' prints a test store's)",
			strings.Join(missing, ", "), missing[0])
	}
	base := sf.baseURL
	if base == "" {
		base = c.getenv(envBaseURL)
	}
	burst := sf.burst
	if sf.rate == 0 {
		burst = 0 // the wrapper's way of saying "no pacing"
	}
	opts := []wrapper.Option{
		wrapper.WithRateLimit(sf.rate, burst),
		wrapper.WithUserAgent("paymenttokens-cli"),
	}
	if base = strings.TrimSpace(base); base != "" {
		opts = append(opts, wrapper.WithBaseURL(base))
	}
	client, err := wrapper.New(creds, opts...)
	if err != nil {
		return nil, usageFrom("", err)
	}
	return client, nil
}
