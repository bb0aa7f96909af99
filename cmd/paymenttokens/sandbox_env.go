package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
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
	if info, err := os.Stat(filepath.Dir(path)); err != nil || !info.IsDir() {
		return usagef("--env-out %s: its folder %s does not exist", path, filepath.Dir(path))
	}
	return checkReplaceable("--env-out", path, "was not written by a sandbox", maxEnvOutBytes, func(data []byte) bool { return isSandboxEnv(string(data)) })
}

// maxEnvOutBytes bounds an env file a sandbox wrote: a few hundred bytes.
const maxEnvOutBytes = 4096

// isSandboxEnv reports whether text is what writeEnvOut writes: the header
// line, then one line for each of envNames, in order, and nothing else.
func isSandboxEnv(text string) bool {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 1+len(envNames) || !strings.HasPrefix(lines[0], sandboxEnvHeader) {
		return false
	}
	for i, name := range envNames {
		if !strings.HasPrefix(lines[1+i], name+"=") {
			return false
		}
	}
	return true
}

// writeEnvOut writes the sandbox's variables to path as an env file for
// --env-file (mode 0600, replaced whole), once the sandbox listens.
func writeEnvOut(path string, s sandboxSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s credentials of the sandbox at %s, worthless elsewhere\n", sandboxEnvHeader, s.BaseURL)
	for _, name := range envNames {
		fmt.Fprintf(&b, "%s=%s\n", name, s.Env[name])
	}
	return safefile.WriteFile(path, []byte(b.String()))
}
