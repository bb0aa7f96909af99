package wrapper

import (
	"fmt"
	"log/slog"
	"strings"
)

// Credentials are the three headers that authorize every request.
// PrivateKey and Token are secrets: every way of printing Credentials masks them.
type Credentials struct {
	SecureURL, PrivateKey, Token string
}

const masked = "[redacted]"

// String shows the SecureURL and masks the secrets.
func (c Credentials) String() string {
	return fmt.Sprintf("{SecureURL:%s PrivateKey:%s Token:%s}", c.SecureURL, mask(c.PrivateKey), mask(c.Token))
}

// GoString masks the secrets for %#v.
func (c Credentials) GoString() string {
	return fmt.Sprintf("wrapper.Credentials{SecureURL:%q, PrivateKey:%q, Token:%q}", c.SecureURL, mask(c.PrivateKey), mask(c.Token))
}

// LogValue masks the secrets in slog records.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("SecureURL", c.SecureURL),
		slog.String("PrivateKey", mask(c.PrivateKey)),
		slog.String("Token", mask(c.Token)),
	)
}

func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return masked
}

// newRedactor returns a function that masks the secrets in text taken from
// an answer. Most text holds none and is returned as is, without copying.
func newRedactor(secrets ...string) func(string) string {
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, masked)
	}
	replacer := strings.NewReplacer(pairs...)
	return func(text string) string {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				return replacer.Replace(text)
			}
		}
		return text
	}
}
