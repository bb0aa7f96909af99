package wrapper

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
)

// maxEnvLine bounds a line of an env file: its values are a URL and two keys.
const maxEnvLine = 64 * 1024

// EnvFileError is a defect of an env file, named by its path and line
// (0 when it is about the file as a whole), never by a value of the file.
type EnvFileError struct {
	// Path is the env file's path, as given.
	Path string
	// Line is the line at fault, from 1; 0 when the file as a whole is.
	Line int
	// Reason says what is wrong and how to fix it; of the file as a whole
	// (Line 0), it follows the path: "does not exist".
	Reason string
}

// Error says the path, the line and the reason on one line.
func (e *EnvFileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("paymenttokens: env file %s %s", e.Path, e.Reason)
	}
	return fmt.Sprintf("paymenttokens: env file %s:%d: %s", e.Path, e.Line, e.Reason)
}

// ReadEnvFile reads an env file: one KEY=VALUE a line for the variables of
// [EnvNames], with blank lines, # comments, an optional "export " prefix and
// a leading byte order mark, and values optionally in matching single or
// double quotes (taken as they are, without escapes; only a comment may
// follow the closing quote). An unquoted value ends at " #". A key twice,
// an unknown key, a line that is not KEY=VALUE, an unclosed quote, a line
// over 64 KiB, and a path that is not a regular file (a folder, a named
// pipe, a device) are an [*EnvFileError] naming the file and the line,
// never a value nor an unknown key that may be a piece of one. It returns
// the variables the file sets, by name.
func ReadEnvFile(path string) (map[string]string, error) {
	fail := func(line int, format string, args ...any) error {
		return &EnvFileError{Path: path, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fail(0, "does not exist")
	case err != nil:
		return nil, fail(0, "cannot be read: %v", errors.Unwrap(err))
	case info.IsDir():
		return nil, fail(0, "is a directory; give a file")
	case !info.Mode().IsRegular():
		return nil, fail(0, "is not a regular file (a named pipe or a device); give a file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(0, "cannot be read: %v", errors.Unwrap(err))
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
		switch {
		case !ok:
			return nil, fail(n, "want KEY=VALUE")
		case !slices.Contains(EnvNames(), key):
			return nil, fail(n, "%s: want one of %s", unknownEnvKey(key), strings.Join(EnvNames(), ", "))
		}
		if _, twice := values[key]; twice {
			return nil, fail(n, "%s is set a second time", key)
		}
		v, err := envValue(strings.TrimSpace(value))
		if err != nil {
			return nil, fail(n, "%s: %v", key, err)
		}
		values[key] = v
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, fail(n, "the line is longer than %d KiB: an env file holds short KEY=VALUE lines (is this the right file?)", maxEnvLine/1024)
	} else if err != nil {
		return nil, fail(0, "cannot be read: %v", err)
	}
	return values, nil
}

// unknownEnvKey names an unknown key for an error: quoted when it is
// spelled like the variables (THREEDCART_TOKENS, a typo), else not at all,
// since what precedes an "=" may be a piece of a pasted secret.
func unknownEnvKey(key string) string {
	if isVariableName(key) {
		return fmt.Sprintf("unknown key %q", key)
	}
	return "unknown key (not shown: it is not a THREEDCART_ name and may be a piece of a secret)"
}

// isVariableName reports whether key is spelled like the variables of
// EnvNames: THREEDCART_ (any case) and 1 to 40 letters, digits or _.
func isVariableName(key string) bool {
	const prefix = "THREEDCART_"
	if len(key) <= len(prefix) || len(key) > len(prefix)+40 || !strings.EqualFold(key[:len(prefix)], prefix) {
		return false
	}
	return !strings.ContainsFunc(key[len(prefix):], func(r rune) bool {
		return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
}

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
		return "", errors.New("text after the value's closing quote")
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
