package main

import (
	"net/url"
	"strings"
)

// args are the store flags the user gave (--env-file, --base-url), as a
// hint that names another command repeats them: pasted without them, it
// would run against whatever store the shell's environment holds. A base
// URL is repeated without user info, query or fragment, so never a secret.
func (sf storeFlags) args() string {
	var b strings.Builder
	if sf.envFile != "" {
		b.WriteString(" --env-file " + shellWord(sf.envFile))
	}
	if base := strings.TrimSpace(sf.baseURL); base != "" {
		if u, err := url.Parse(base); err == nil {
			u.User, u.RawQuery, u.ForceQuery, u.Fragment = nil, "", false, ""
			b.WriteString(" --base-url " + shellWord(u.String()))
		}
	}
	return b.String()
}

// args are the flags the user gave to read the file, for a hint naming
// another command that reads it.
func (sf sourceFlags) args() string {
	var b strings.Builder
	for _, f := range []struct{ name, value string }{
		{"--format", sf.format}, {"--key", sf.key}, {"--customer-map", sf.customerMap}, {"--order-map", sf.orderMap},
	} {
		if f.value != "" {
			b.WriteString(" " + f.name + " " + shellWord(f.value))
		}
	}
	return b.String()
}

// shellWord quotes s for a POSIX shell when it holds anything but plain
// path characters.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
