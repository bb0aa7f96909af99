package wrapper

import (
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"strings"
)

// newRedactor returns a function that masks the secrets in text taken from
// an answer: as they are, JSON-escaped (with and without HTML escaping),
// URL-escaped and HTML-escaped, longest form first so that a secret that is
// a prefix of the other cannot leave the other's tail behind. Text that
// still holds a secret once its escapes are undone (a server that escapes
// every character, say) is withheld whole. Most text holds none and is
// returned as is, without copying.
func newRedactor(secrets ...string) func(string) string {
	var forms []string
	for _, s := range secrets {
		forms = append(forms, s, jsonEscaped(s, true), jsonEscaped(s, false), url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s))
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	forms = slices.Compact(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, masked)
	}
	replacer := strings.NewReplacer(pairs...)
	return func(text string) string {
		for _, f := range forms {
			if strings.Contains(text, f) {
				text = replacer.Replace(text)
				break
			}
		}
		if strings.ContainsAny(text, `\&%+`) && holdsAny(unescapedForms(text), secrets) {
			return masked + " (the text echoes a credential in an encoded form)"
		}
		return text
	}
}

// jsonEscaped is s as it stands inside a JSON string.
func jsonEscaped(s string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s) // a string always encodes
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}

// unescapedForms undoes the escapes a body may use: JSON strings, HTML
// entities and URL escapes.
func unescapedForms(text string) []string {
	forms := []string{html.UnescapeString(text)}
	if u, err := url.QueryUnescape(text); err == nil {
		forms = append(forms, u)
	}
	var v any
	if json.Unmarshal([]byte(text), &v) == nil {
		forms = append(forms, jsonStrings(v)...)
	} else if s, err := unquoteJSON(text); err == nil {
		forms = append(forms, s)
	}
	return forms
}

// unquoteJSON reads text as the inside of a JSON string.
func unquoteJSON(text string) (string, error) {
	var s string
	err := json.Unmarshal([]byte(`"`+text+`"`), &s)
	return s, err
}

// jsonStrings lists every string (keys included) of a decoded JSON value.
func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, e := range v {
			out = append(out, k)
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

// holdsAny reports whether any text contains any secret.
func holdsAny(texts, secrets []string) bool {
	for _, t := range texts {
		for _, s := range secrets {
			if strings.Contains(t, s) {
				return true
			}
		}
	}
	return false
}

// maskedError is an error whose text had the secrets masked when it was
// made; it still unwraps to its cause for errors.Is and errors.As.
type maskedError struct {
	msg   string
	cause error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.cause }
