package wrapper

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// Credentials are the three headers that authorize every request.
// PrivateKey and Token are secrets: every way of printing Credentials masks them.
type Credentials struct {
	// SecureURL is the store's URL, e.g. https://mystore.3dcartstores.com.
	SecureURL string
	// PrivateKey is the application's private key (secret).
	PrivateKey string
	// Token is the store's token for the application (secret).
	Token string
}

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
	return pipeline.Masked
}

// cleanCredentials trims the fields and rejects empty ones and control
// characters, naming the field but never its value.
func cleanCredentials(c Credentials) (Credentials, error) {
	fields := []struct {
		name  string
		value *string
	}{{"SecureURL", &c.SecureURL}, {"PrivateKey", &c.PrivateKey}, {"Token", &c.Token}}
	for _, f := range fields {
		*f.value = strings.TrimSpace(*f.value)
		if *f.value == "" {
			return c, fmt.Errorf("paymenttokens: Credentials.%s is empty; it is required (see your 3dcart app's settings)", f.name)
		}
		if i := strings.IndexFunc(*f.value, isControl); i >= 0 {
			return c, fmt.Errorf("paymenttokens: Credentials.%s has a control character at byte %d (a line break or tab?); copy it again without one", f.name, i)
		}
	}
	return c, nil
}

// isControl reports the characters that cannot travel in a header value.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
