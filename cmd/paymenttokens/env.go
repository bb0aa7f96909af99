package main

import (
	"flag"
	"fmt"
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
	baseURL, envFile string
	verbose          bool
	redis            string // --redis (redis.go)
}

// newStoreFlags returns a command's flag set (newFlags) with the flags of
// the commands that talk to a store: --base-url, --env-file, --verbose,
// --rate, --burst and --redis.
func (c *cli) newStoreFlags(name, args, about string, sf *storeFlags) *flag.FlagSet {
	sf.pacing = pacing{rate: wrapper.DefaultRatePerSec, burst: wrapper.DefaultRateBurst}
	fs := c.newFlags(name, args, about)
	c.shared(fs, func() {
		sf.pacing.register(fs, "at most `R` requests per second (the API allows 2; 0 turns pacing off)")
		fs.StringVar(&sf.baseURL, "base-url", "", "the API's base `URL` (default $"+envBaseURL+", else "+wrapper.DefaultBaseURL+")")
		fs.StringVar(&sf.envFile, "env-file", "", "read the "+strings.Join(envNames, ", ")+"\n"+
			"from `FILE` (KEY=VALUE lines); its values win over the environment's")
		fs.BoolVar(&sf.verbose, "verbose", false, "log every HTTP attempt on stderr: method, path, status, attempt, duration")
		sf.registerRedis(fs)
	})
	return fs
}

// client builds the store's client from the env file, the environment and
// the flags. A missing variable is a usage error naming every one that is missing.
func (c *cli) client(sf storeFlags) (*wrapper.Client, error) {
	if err := sf.check(); err != nil {
		return nil, err
	}
	getenv, err := c.withEnvFile(sf.envFile)
	if err != nil {
		return nil, err
	}
	creds := wrapper.Credentials{
		SecureURL:  strings.TrimSpace(getenv(envSecureURL)),
		PrivateKey: strings.TrimSpace(getenv(envPrivateKey)),
		Token:      strings.TrimSpace(getenv(envToken)),
	}
	c.io.secrets = append(c.io.secrets, creds.PrivateKey, creds.Token)
	var missing []string
	for _, v := range []struct{ name, value string }{
		{envSecureURL, creds.SecureURL}, {envPrivateKey, creds.PrivateKey}, {envToken, creds.Token},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		where := fmt.Sprintf("export %s=... or --env-file FILE", missing[0])
		if sf.envFile != "" {
			where = "in " + sf.envFile + " or the environment"
		}
		return nil, usagef("missing credentials: set %s (%s; 'paymenttokens sandbox' prints a test store's)",
			strings.Join(missing, ", "), where)
	}
	base, baseFrom := strings.TrimSpace(sf.baseURL), "--base-url"
	if base == "" {
		base, baseFrom = strings.TrimSpace(getenv(envBaseURL)), envBaseURL
	}
	burst := sf.burst
	if sf.rate == 0 {
		burst = 0 // the wrapper's way of saying "no pacing"
	}
	opts := []wrapper.Option{
		wrapper.WithRateLimit(sf.rate, burst),
		wrapper.WithUserAgent("paymenttokens-cli"),
	}
	if base != "" {
		if err := wrapper.CheckBaseURL(base); err != nil {
			return nil, usageFrom(baseFrom+" "+base, err)
		}
		opts = append(opts, wrapper.WithBaseURL(base))
	}
	if sf.verbose {
		opts = append(opts, wrapper.WithLogger(c.requestLog()))
	}
	shared, err := c.redisOptions(sf)
	if err != nil {
		return nil, err
	}
	opts = append(opts, shared...)
	client, err := wrapper.New(creds, opts...)
	if err != nil {
		return nil, usageFrom("", err)
	}
	return client, nil
}

// withEnvFile returns the lookup of the env file's values, then the
// environment's; c.getenv when there is no file.
func (c *cli) withEnvFile(path string) (func(string) string, error) {
	if path == "" {
		return c.getenv, nil
	}
	values, err := readEnvFile(path)
	if err != nil {
		return nil, err
	}
	if openToOthers(path) {
		fmt.Fprintf(c.io.errOut, "paymenttokens: warning: %s can be read by other users; run chmod 600 %s\n", path, path)
	}
	return func(name string) string {
		if v, ok := values[name]; ok {
			return v
		}
		return c.getenv(name)
	}, nil
}
