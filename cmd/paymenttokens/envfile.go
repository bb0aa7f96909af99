package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

// envNames are the variables an env file may set.
var envNames = []string{envSecureURL, envPrivateKey, envToken, envBaseURL}

// maxEnvLine bounds a line of an env file: its values are a URL and two keys.
const maxEnvLine = 64 * 1024

// readEnvFile reads an --env-file: one KEY=VALUE a line for the variables
// of envNames, with blank lines, # comments, an optional "export " prefix,
// and values optionally in matching single or double quotes (taken as they
// are, without escapes). An unquoted value ends at " #". A key twice, an
// unknown key, a line that is not KEY=VALUE or one longer than maxEnvLine
// is refused naming the file and the line, never the value nor a key that
// may be a piece of one. The file's values win over the environment's, so
// that "--env-file old.env" always means that store.
func readEnvFile(path string) (map[string]string, error) {
	if err := checkFile(path); err != nil {
		return nil, usageFrom("--env-file", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("--env-file: %v", err)
	}
	defer f.Close()
	values := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), maxEnvLine)
	n := 1
	for ; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		key = strings.TrimSpace(key)
		fail := func(format string, args ...any) error {
			return usagef("--env-file %s:%d: %s", path, n, fmt.Sprintf(format, args...))
		}
		switch {
		case !ok:
			return nil, fail("want KEY=VALUE")
		case !slices.Contains(envNames, key):
			return nil, fail("%s: want one of %s", unknownKey(key), strings.Join(envNames, ", "))
		}
		if _, twice := values[key]; twice {
			return nil, fail("%s is set a second time", key)
		}
		v, err := envValue(strings.TrimSpace(value))
		if err != nil {
			return nil, fail("%s: %v", key, err)
		}
		values[key] = v
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, usagef("--env-file %s:%d: the line is longer than %d KiB: an env file holds short KEY=VALUE lines (is this the right file?)", path, n, maxEnvLine/1024)
	} else if err != nil {
		return nil, usagef("--env-file %s: cannot read it: %v", path, err)
	}
	return values, nil
}

// unknownKey names an unknown key for an error: quoted when it is spelled
// like the variables (THREEDCART_TOKENS, a typo), else not at all, since
// what precedes an "=" may be a piece of a pasted secret.
func unknownKey(key string) string {
	if variableName.MatchString(key) {
		return fmt.Sprintf("unknown key %q", key)
	}
	return "unknown key (not shown: it is not a THREEDCART_ name and may be a piece of a secret)"
}

// variableName matches a key spelled like the variables of envNames.
var variableName = regexp.MustCompile(`(?i)^THREEDCART_[A-Z0-9_]{1,40}$`)

// envValue unquotes one value; what follows a closing quote may only be a comment.
func envValue(v string) (string, error) {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		if i := strings.Index(v, " #"); i >= 0 {
			v = v[:i]
		}
		return strings.TrimSpace(v), nil
	}
	end := strings.IndexByte(v[1:], v[0])
	if end < 0 {
		return "", fmt.Errorf("the value's quote %c is not closed", v[0])
	}
	if rest := strings.TrimSpace(v[end+2:]); rest != "" && !strings.HasPrefix(rest, "#") {
		return "", fmt.Errorf("text after the value's closing quote")
	}
	return v[1 : end+1], nil
}

// openToOthers reports whether path can be read by its group or by others,
// on systems with Unix permissions.
func openToOthers(path string) bool {
	if runtime.GOOS == "windows" {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().Perm()&0o044 != 0
}
