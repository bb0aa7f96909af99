package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// The environment variables that name the store and the API: the
// library's, read by its rules (wrapper.ReadEnv).
const (
	envSecureURL  = wrapper.EnvSecureURL
	envPrivateKey = wrapper.EnvPrivateKey
	envToken      = wrapper.EnvToken
	envBaseURL    = wrapper.EnvBaseURL
)

// envNames are the variables an env file may set.
var envNames = wrapper.EnvNames()

// storeFlags are the flags of the commands that talk to a store.
type storeFlags struct {
	pacing
	baseURL, envFile string
	verbose          bool
}

// newStoreFlags returns a command's flag set (newFlags) with the flags of
// the commands that talk to a store: --base-url, --env-file, --verbose,
// --rate and --burst.
func (c *cli) newStoreFlags(name, args, about string, sf *storeFlags) *flag.FlagSet {
	sf.pacing = pacing{rate: wrapper.DefaultRatePerSec, burst: wrapper.DefaultRateBurst}
	fs := c.newFlags(name, args, about)
	c.shared(fs, func() {
		sf.pacing.register(fs, "at most `R` requests per second (the API allows 2; 0 turns pacing off)")
		fs.StringVar(&sf.baseURL, "base-url", "", "the API's base `URL` (default $"+envBaseURL+", else "+wrapper.DefaultBaseURL+")")
		fs.StringVar(&sf.envFile, "env-file", "", "read the "+strings.Join(envNames, ", ")+"\n"+
			"from `FILE` (KEY=VALUE lines); its values win over the environment's")
		fs.BoolVar(&sf.verbose, "verbose", false, "log every HTTP attempt on stderr: method, path, status, attempt, duration")
	})
	return fs
}

// client builds the store's client from the env file, the environment and
// the flags, by the library's rules (wrapper.ReadEnv, Env.Client), with
// --base-url winning over both. A missing variable is a usage error naming
// every one that is missing.
func (c *cli) client(sf storeFlags) (*wrapper.Client, error) {
	if err := sf.check(); err != nil {
		return nil, err
	}
	env, err := wrapper.ReadEnv(sf.envFile, c.getenv)
	if err != nil {
		return nil, envFileError(err)
	}
	if env.OpenToOthers {
		fmt.Fprintf(c.io.errOut, "paymenttokens: warning: %s can be read by other users; run chmod 600 %s\n", env.File, env.File)
	}
	c.io.secrets = append(c.io.secrets, env.Credentials.PrivateKey, env.Credentials.Token)
	if missing := env.Missing(); len(missing) > 0 {
		where := fmt.Sprintf("export %s=... or --env-file FILE", missing[0])
		if sf.envFile != "" {
			where = "in " + sf.envFile + " or the environment"
		}
		return nil, usagef("missing credentials: set %s (%s; 'paymenttokens sandbox' prints a test store's)",
			strings.Join(missing, ", "), where)
	}
	if base := strings.TrimSpace(sf.baseURL); base != "" {
		if err := wrapper.CheckBaseURL(base); err != nil {
			return nil, usageFrom("--base-url "+base, err)
		}
		env.BaseURL = base
	}
	burst := sf.burst
	if sf.rate == 0 {
		burst = 0 // the wrapper's way of saying "no pacing"
	}
	opts := []wrapper.Option{
		wrapper.WithRateLimit(sf.rate, burst),
		wrapper.WithUserAgent("paymenttokens-cli"),
	}
	if sf.verbose {
		opts = append(opts, wrapper.WithLogger(c.requestLog()))
	}
	client, err := env.Client(opts...)
	if err != nil {
		return nil, usageFrom("", err)
	}
	return client, nil
}

// envFileError is the usage error for a defect of the --env-file, named
// by the flag, the file and the line.
func envFileError(err error) error {
	var fe *wrapper.EnvFileError
	if !errors.As(err, &fe) {
		return usageFrom("--env-file", err)
	}
	if fe.Line == 0 {
		return usagef("--env-file %s %s", fe.Path, fe.Reason)
	}
	return usagef("--env-file %s:%d: %s", fe.Path, fe.Line, fe.Reason)
}
