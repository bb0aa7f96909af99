// Package safetext escapes text that came from a store, a gateway or a file
// before it reaches a terminal or an error message.
package safetext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape escapes, Go style (\n, \x1b, \u202e), every character that could
// move the cursor, recolor, retitle or reorder what a terminal shows: C0
// and C1 controls, DEL, line and paragraph separators, bidirectional
// controls, and bytes that are not UTF-8. Other text is returned unchanged.
func Escape(s string) string {
	if !strings.ContainsFunc(s, Unsafe) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case Unsafe(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is s on one line for an error message: every run of white space
// (newlines included) becomes one space, and the rest is escaped as Escape does.
func Line(s string) string {
	return Escape(strings.Join(strings.Fields(s), " "))
}

// Unsafe reports whether r is a character Escape escapes.
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}
