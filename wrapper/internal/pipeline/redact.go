package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html"
	"net/url"
	"slices"
	"strings"
)

// Masked is what stands in for a secret in text.
const Masked = "[redacted]"

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

// NewRedactor returns a function that masks the secrets in text: whole, in
// every encoding a body may use (JSON with and without HTML escaping, URL
// and HTML escaping, base64 and hex), and any run of minPiece or more of
// their characters in any letter case. Longer forms go first, so that a
// secret that is a prefix of the other cannot leave the other's tail behind.
// Text that holds a piece of a secret only once its escapes are undone (a
// server that escapes some or all characters, or answers in UTF-16) is
// withheld whole. Text that holds none is returned as is, without copying.
func NewRedactor(secrets ...string) func(string) string {
	r := &redactor{secrets: secrets, pieces: map[string]struct{}{}}
	for _, s := range secrets {
		r.forms = append(r.forms, s, jsonEscaped(s, true), jsonEscaped(s, false), url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawStdEncoding.EncodeToString([]byte(s)),
			base64.URLEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
			hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))))
		lower := asciiLower(s)
		if len(s) < minPiece {
			r.pieces[lower] = struct{}{}
		}
		for i := 0; i+minPiece <= len(s); i++ {
			r.pieces[lower[i:i+minPiece]] = struct{}{}
		}
	}
	slices.SortFunc(r.forms, func(a, b string) int { return len(b) - len(a) })
	r.forms = slices.Compact(r.forms)
	pairs := make([]string, 0, 2*len(r.forms))
	for _, f := range r.forms {
		pairs = append(pairs, f, Masked)
	}
	r.replacer = strings.NewReplacer(pairs...)
	return r.redact
}

func (r *redactor) redact(text string) string {
	if r.hidesPiece(text) {
		return Masked + " (the text echoes a credential in an encoded form)"
	}
	for _, f := range r.forms {
		if strings.Contains(text, f) {
			text = r.replacer.Replace(text)
			break
		}
	}
	return r.maskPieces(text)
}

// hidesPiece reports whether undoing the escapes of text (JSON, HTML, URL,
// UTF-16's NUL bytes) reveals a piece of a secret that text does not hold
// as it stands: masking text in place could not remove it.
func (r *redactor) hidesPiece(text string) bool {
	if !strings.ContainsAny(text, "\\&%+\x00") {
		return false
	}
	plain := asciiLower(text)
	w := r.pieceWidth()
	for _, form := range unescapedForms(text) {
		form = asciiLower(form)
		for i := 0; i+w <= len(form); i++ {
			if _, ok := r.pieces[form[i:i+w]]; ok && !strings.Contains(plain, form[i:i+w]) {
				return true
			}
		}
	}
	return false
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

// maskPieces replaces every run of text covered by pieces of a secret, in
// any letter case.
func (r *redactor) maskPieces(text string) string {
	lower, w := asciiLower(text), r.pieceWidth()
	var covered []bool
	for i := 0; i+w <= len(lower); i++ {
		if _, ok := r.pieces[lower[i:i+w]]; ok {
			if covered == nil {
				covered = make([]bool, len(text))
			}
			for k := i; k < i+w; k++ {
				covered[k] = true
			}
		}
	}
	if covered == nil {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch {
		case !covered[i]:
			b.WriteByte(text[i])
		case i == 0 || !covered[i-1]:
			b.WriteString(Masked)
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

// asciiLower lower-cases ASCII letters only, so that byte offsets stay
// those of s; s itself is returned when it has no upper-case letter.
func asciiLower(s string) string {
	if !strings.ContainsFunc(s, func(c rune) bool { return 'A' <= c && c <= 'Z' }) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// unescapedForms undoes the escapes a body may use: JSON strings, HTML
// entities, URL escapes, and UTF-16's NUL bytes.
func unescapedForms(text string) []string {
	forms := []string{html.UnescapeString(text), strings.ReplaceAll(text, "\x00", "")}
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

// safeCauses are the errors a masked error still matches with errors.Is.
// Its other causes are dropped: their text may quote a secret (a redirect's
// URL, a malformed header line echoed by a server).
var safeCauses = []error{context.Canceled, context.DeadlineExceeded, ErrOutcomeUnknown, ErrUnreachable, ErrNoAnswer, errRedirectRefused, errBodyTooLarge}

// maskedError is an error whose text had the secrets masked when it was
// made; it unwraps only to the safe causes of the error it replaces.
type maskedError struct {
	msg    string
	causes []error
}

// NewMaskedError replaces cause by the text msg and cause's safe causes.
func NewMaskedError(msg string, cause error) error {
	e := &maskedError{msg: msg}
	for _, safe := range safeCauses {
		if errors.Is(cause, safe) {
			e.causes = append(e.causes, safe)
		}
	}
	return e
}

func (e *maskedError) Error() string   { return e.msg }
func (e *maskedError) Unwrap() []error { return e.causes }
