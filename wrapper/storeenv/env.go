// Package storeenv builds a [wrapper.Client] from THREEDCART_* variables
// and an env file, by the rules of the paymenttokens command: an env file
// names one store, and its values win over the environment's.
package storeenv

import (
	"fmt"
	"os"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// The environment variables that name a store and the API, as [Client]
// and the paymenttokens command read them.
const (
	// VarSecureURL is the store's SecureURL.
	VarSecureURL = "THREEDCART_SECURE_URL"
	// VarPrivateKey is the application's private key (secret).
	VarPrivateKey = "THREEDCART_PRIVATE_KEY"
	// VarToken is the store's token for the application (secret).
	VarToken = "THREEDCART_TOKEN"
	// VarBaseURL is the API's base URL; unset or empty means [wrapper.DefaultBaseURL].
	VarBaseURL = "THREEDCART_BASE_URL"
)

// VarNames returns the variables an env file may set, in this order:
// VarSecureURL, VarPrivateKey, VarToken, VarBaseURL.
func VarNames() []string {
	return []string{VarSecureURL, VarPrivateKey, VarToken, VarBaseURL}
}

// Env is a store as an env file and the environment name it. Printing it
// masks the secrets (see [wrapper.Credentials]).
type Env struct {
	// Credentials are from VarSecureURL, VarPrivateKey and VarToken, trimmed.
	Credentials wrapper.Credentials
	// BaseURL is from VarBaseURL, trimmed; empty means wrapper.DefaultBaseURL.
	BaseURL string
	// File is the env file read; empty when none was given.
	File string
	// OpenToOthers is set when File can be read by its group or by others
	// (never on Windows): it holds secrets, so warn, as the command does.
	OpenToOthers bool
}

// Read reads a store's variables (see [VarNames]): each from the env file
// when the file sets it, else from getenv (os.Getenv when nil). The file's
// values win, so that an env file always means its store whatever the
// shell exports; an envFile of "" reads getenv alone. The file's rules are
// [ReadFile]'s. Missing variables are not an error here: see [Env.Missing]
// and [Env.Client].
func Read(envFile string, getenv func(string) string) (Env, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	lookup := getenv
	env := Env{File: envFile}
	if envFile != "" {
		values, err := ReadFile(envFile)
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
	env.Credentials = wrapper.Credentials{
		SecureURL:  strings.TrimSpace(lookup(VarSecureURL)),
		PrivateKey: strings.TrimSpace(lookup(VarPrivateKey)),
		Token:      strings.TrimSpace(lookup(VarToken)),
	}
	env.BaseURL = strings.TrimSpace(lookup(VarBaseURL))
	return env, nil
}

// Missing names the credential variables that are empty, in the order of
// [VarNames]; none when the store is fully named.
func (e Env) Missing() []string {
	var missing []string
	for _, v := range []struct{ name, value string }{
		{VarSecureURL, e.Credentials.SecureURL}, {VarPrivateKey, e.Credentials.PrivateKey}, {VarToken, e.Credentials.Token},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	return missing
}

// Client returns a [wrapper.Client] for the store: [wrapper.New] with the
// Credentials and, when BaseURL is set, [wrapper.WithBaseURL] before opts
// (so that an option of opts setting the base URL wins). A missing
// variable is an error naming every one that is missing; a BaseURL that
// [wrapper.CheckBaseURL] refuses, one naming VarBaseURL. No error holds a
// secret.
func (e Env) Client(opts ...wrapper.Option) (*wrapper.Client, error) {
	if missing := e.Missing(); len(missing) > 0 {
		where := "in the environment or an env file"
		if e.File != "" {
			where = "in " + e.File + " or the environment"
		}
		return nil, fmt.Errorf("paymenttokens: missing credentials: set %s (%s)", strings.Join(missing, ", "), where)
	}
	if e.BaseURL != "" {
		if err := wrapper.CheckBaseURL(e.BaseURL); err != nil {
			return nil, fmt.Errorf("paymenttokens: %s %s: %s", VarBaseURL, e.BaseURL, strings.TrimPrefix(err.Error(), "paymenttokens: "))
		}
		opts = append([]wrapper.Option{wrapper.WithBaseURL(e.BaseURL)}, opts...)
	}
	return wrapper.New(e.Credentials, opts...)
}

// Client returns a [wrapper.Client] for the store that the env file
// envFile and the environment name, by the paymenttokens command's rules:
// the variables of [VarNames], the file's values winning over the
// environment's, an envFile of "" reading the environment alone (see
// [Read], [ReadFile] and [Env.Client]). opts come after the base URL the
// variables give, so that [wrapper.WithBaseURL] among them wins. It sends
// no request. To warn of an env file others can read, or to tell a missing
// variable apart, use Read and Env.Client.
func Client(envFile string, opts ...wrapper.Option) (*wrapper.Client, error) {
	env, err := Read(envFile, os.Getenv)
	if err != nil {
		return nil, err
	}
	return env.Client(opts...)
}
