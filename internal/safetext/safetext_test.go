package safetext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		`plain "quoted" \n é 😀 €`:    `plain "quoted" \n é 😀 €`,
		"tab\tnewline\ncr\r":         `tab\tnewline\ncr\r`,
		"\x00\x1b[31mred\x7f":        `\x00\x1b[31mred\x7f`,
		"c1 \u0085 \u009b":           `c1 \u0085 \u009b`,
		"bidi \u202ecba\u2066\u200f": `bidi \u202ecba\u2066\u200f`,
		"sep \u2028\u2029":           `sep \u2028\u2029`,
		"bad \xff\xe9 ok \ufffd":     `bad \xff\xe9 ok ` + "\ufffd",
	} {
		assert.Equal(t, want, Escape(in), "%q", in)
	}
}

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"<html>\r\n  <title>Bad\tGateway</title>\n": "<html> <title>Bad Gateway</title>",
		"\x1b]0;pwned\a\x1b[2J text":                `\x1b]0;pwned\a\x1b[2J text`,
	} {
		assert.Equal(t, want, Line(in), "%q", in)
	}
}
