package wrapper

import (
	"fmt"
	"os"
	"strings"
)

// The environment variables that name a store and the API, as [FromEnv]
// and the paymenttokens command read them.
const (
	// EnvSecureURL is the store's SecureURL.
	EnvSecureURL = "THREEDCART_SECURE_URL"
	// EnvPrivateKey is the application's private key (secret).
	EnvPrivateKey = "THREEDCART_PRIVATE_KEY"
	// EnvToken is the store's token for the application (secret).
	EnvToken = "THREEDCART_TOKEN"
	// EnvBaseURL is the API's base URL; unset or empty means [DefaultBaseURL].
	EnvBaseURL = "THREEDCART_BASE_URL"
)

// EnvNames returns the variables an env file may set, in this order:
// EnvSecureURL, EnvPrivateKey, EnvToken, EnvBaseURL.
func EnvNames() []string {
	return []string{EnvSecureURL, EnvPrivateKey, EnvToken, EnvBaseURL}
}

// Env is a store as an env file and the environment name it. Printing it
// masks the secrets (see [Credentials]).
type Env struct {
	// Credentials are from EnvSecureURL, EnvPrivateKey and EnvToken, trimmed.
	Credentials Credentials
	// BaseURL is from EnvBaseURL, trimmed; empty means DefaultBaseURL.
	BaseURL string
	// File is the env file read; empty when none was given.
	File string
	// OpenToOthers is set when File can be read by its group or by others
	// (never on Windows): it holds secrets, so warn, as the command does.
	OpenToOthers bool
}

// ReadEnv reads a store's variables (see [EnvNames]): each from the env
// file when the file sets it, else from getenv (os.Getenv when nil). The
// file's values win, so that an env file always means its store whatever
// the shell exports; an envFile of "" reads getenv alone. The file's rules
// are [ReadEnvFile]'s. Missing variables are not an error here: see
// [Env.Missing] and [Env.Client].
func ReadEnv(envFile string, getenv func(string) string) (Env, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	lookup := getenv
	env := Env{File: envFile}
	if envFile != "" {
		values, err := ReadEnvFile(envFile)
		if err != nil {
			return Env{}, err
		}
		env.OpenToOthers = openToOthers(envFile)
		lookup = func(name string) string {
			if v, ok := values[name]; ok {
				return v
			}
			return getenv(name)
		}
	}
	env.Credentials = Credentials{
		SecureURL:  strings.TrimSpace(lookup(EnvSecureURL)),
		PrivateKey: strings.TrimSpace(lookup(EnvPrivateKey)),
		Token:      strings.TrimSpace(lookup(EnvToken)),
	}
	env.BaseURL = strings.TrimSpace(lookup(EnvBaseURL))
	return env, nil
}

// Missing names the credential variables that are empty, in the order of
// [EnvNames]; none when the store is fully named.
func (e Env) Missing() []string {
	var missing []string
	for _, v := range []struct{ name, value string }{
		{EnvSecureURL, e.Credentials.SecureURL}, {EnvPrivateKey, e.Credentials.PrivateKey}, {EnvToken, e.Credentials.Token},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	return missing
}

// Client returns a [Client] for the store: [New] with the Credentials and,
// when BaseURL is set, [WithBaseURL] before opts (so that an option of
// opts setting the base URL wins). A missing variable is an error naming
// every one that is missing; a BaseURL that [CheckBaseURL] refuses, one
// naming EnvBaseURL. No error holds a secret.
func (e Env) Client(opts ...Option) (*Client, error) {
	if missing := e.Missing(); len(missing) > 0 {
		where := "in the environment or an env file"
		if e.File != "" {
			where = "in " + e.File + " or the environment"
		}
		return nil, fmt.Errorf("paymenttokens: missing credentials: set %s (%s)", strings.Join(missing, ", "), where)
	}
	if e.BaseURL != "" {
		if err := CheckBaseURL(e.BaseURL); err != nil {
			return nil, fmt.Errorf("paymenttokens: %s %s: %s", EnvBaseURL, e.BaseURL, strings.TrimPrefix(err.Error(), "paymenttokens: "))
		}
		opts = append([]Option{WithBaseURL(e.BaseURL)}, opts...)
	}
	return New(e.Credentials, opts...)
}

// FromEnv returns a Client for the store that the env file envFile and the
// environment name, by the paymenttokens command's rules: the variables of
// [EnvNames], the file's values winning over the environment's, an envFile
// of "" reading the environment alone (see [ReadEnv], [ReadEnvFile] and
// [Env.Client]). opts come after the base URL the variables give, so that
// [WithBaseURL] among them wins. It sends no request. To warn of an env
// file others can read, or to tell a missing variable apart, use ReadEnv
// and Env.Client.
func FromEnv(envFile string, opts ...Option) (*Client, error) {
	env, err := ReadEnv(envFile, os.Getenv)
	if err != nil {
		return nil, err
	}
	return env.Client(opts...)
}
