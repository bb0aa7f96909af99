package wrapper

import (
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"strings"
)

// minPiece is the shortest run of a secret's characters that is masked where
// it stands alone: a server that echoes part of a secret leaks that part.
const minPiece = 6

// redactor masks the secrets in text taken from an answer.
type redactor struct {
	secrets  []string
	replacer *strings.Replacer   // every encoded form of every secret, longest first
	forms    []string            // the same forms, for a cheap check before replacing
	pieces   map[string]struct{} // every minPiece-byte run of every secret
}

// newRedactor returns a function that masks the secrets in text: whole, in
// every encoding a body may use (JSON with and without HTML escaping, URL
// and HTML escaping), and any run of minPiece or more of their characters.
// Longer forms go first, so that a secret that is a prefix of the other
// cannot leave the other's tail behind. Text that still holds a piece of a
// secret once its escapes are undone (a server that escapes every
// character, say) is withheld whole. Text that holds none is returned as
// is, without copying.
func newRedactor(secrets ...string) func(string) string {
	r := &redactor{secrets: secrets, pieces: map[string]struct{}{}}
	for _, s := range secrets {
		r.forms = append(r.forms, s, jsonEscaped(s, true), jsonEscaped(s, false), url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s))
		if len(s) < minPiece {
			r.pieces[s] = struct{}{}
		}
		for i := 0; i+minPiece <= len(s); i++ {
			r.pieces[s[i:i+minPiece]] = struct{}{}
		}
	}
	slices.SortFunc(r.forms, func(a, b string) int { return len(b) - len(a) })
	r.forms = slices.Compact(r.forms)
	pairs := make([]string, 0, 2*len(r.forms))
	for _, f := range r.forms {
		pairs = append(pairs, f, masked)
	}
	r.replacer = strings.NewReplacer(pairs...)
	return r.redact
}

func (r *redactor) redact(text string) string {
	for _, f := range r.forms {
		if strings.Contains(text, f) {
			text = r.replacer.Replace(text)
			break
		}
	}
	text = r.maskPieces(text)
	if strings.ContainsAny(text, `\&%+`) && slices.ContainsFunc(unescapedForms(text), r.holdsPiece) {
		return masked + " (the text echoes a credential in an encoded form)"
	}
	return text
}

// pieceWidth is how many bytes a piece check reads: minPiece, or less for a
// shorter secret.
func (r *redactor) pieceWidth() int {
	w := minPiece
	for _, s := range r.secrets {
		w = min(w, len(s))
	}
	return w
}

// holdsPiece reports whether text contains a piece of a secret.
func (r *redactor) holdsPiece(text string) bool {
	w := r.pieceWidth()
	for i := 0; i+w <= len(text); i++ {
		if _, ok := r.pieces[text[i:i+w]]; ok {
			return true
		}
	}
	return false
}

// maskPieces replaces every run of text covered by pieces of a secret.
func (r *redactor) maskPieces(text string) string {
	if !r.holdsPiece(text) {
		return text
	}
	w := r.pieceWidth()
	covered := make([]bool, len(text))
	for i := 0; i+w <= len(text); i++ {
		if _, ok := r.pieces[text[i:i+w]]; ok {
			for k := i; k < i+w; k++ {
				covered[k] = true
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch {
		case !covered[i]:
			b.WriteByte(text[i])
		case i == 0 || !covered[i-1]:
			b.WriteString(masked)
		}
	}
	return b.String()
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

// maskedError is an error whose text had the secrets masked when it was
// made; it still unwraps to its cause for errors.Is and errors.As.
type maskedError struct {
	msg   string
	cause error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.cause }
