package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// sandboxEnvHeader starts every env file the sandbox writes: --env-out
// replaces only a file that starts with it.
const sandboxEnvHeader = "# paymenttokens sandbox:"

// checkEnvOut refuses, before the sandbox listens, an --env-out that names
// a file the sandbox did not write.
func checkEnvOut(path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return usagef("--env-out %s: %v", path, err)
	case !strings.HasPrefix(string(data), sandboxEnvHeader):
		return usagef("--env-out %s: the file exists and was not written by a sandbox; choose another name", path)
	}
	return nil
}

// writeEnvOut writes the sandbox's variables to path as an env file for
// --env-file (mode 0600, replaced whole), once the sandbox listens.
func writeEnvOut(path string, s sandboxSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s credentials of the sandbox at %s, worthless elsewhere\n", sandboxEnvHeader, s.BaseURL)
	for _, name := range envNames {
		fmt.Fprintf(&b, "%s=%s\n", name, s.Env[name])
	}
	return migrate.WriteFileAtomic(path, []byte(b.String()))
}
