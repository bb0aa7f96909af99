package tokenjson

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// stringBytes consumes a JSON string and returns its content: a slice of
// the input when there is nothing to undo (the common case), otherwise a
// new buffer with the escapes undone and invalid UTF-8 replaced by U+FFFD,
// as encoding/json does.
func (d *decoder) stringBytes() ([]byte, error) {
	data := d.data
	start := d.pos + 1
	ascii := true
	for i := start; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			if ascii || utf8.Valid(data[start:i]) {
				d.pos = i + 1
				return data[start:i], nil
			}
			return d.unquote(start)
		case c == '\\':
			return d.unquote(start)
		case c < ' ':
			return nil, d.syntaxError(i)
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, errEnd
}

// unquote is the slow path of stringBytes, from the content's first byte.
func (d *decoder) unquote(start int) ([]byte, error) {
	data := d.data
	out := make([]byte, 0, 64)
	for i := start; i < len(data); {
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return out, nil
		case c < ' ':
			return nil, d.syntaxError(i)
		case c == '\\':
			if i+1 >= len(data) {
				return nil, errEnd
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, err := d.hex4(i + 2)
				if err != nil {
					return nil, err
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A pair decodes to one rune; anything else stands for U+FFFD.
					if r2, err := d.hex4(i + 2); err == nil && i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
							out = utf8.AppendRune(out, pair)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, r)
				continue
			default:
				return nil, d.syntaxError(i + 1)
			}
			i += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			out = utf8.AppendRune(out, r) // U+FFFD for each invalid byte
			i += size
		}
	}
	return nil, errEnd
}

// hex4 reads the four hex digits of a \u escape starting at i.
func (d *decoder) hex4(i int) (rune, error) {
	if i+4 > len(d.data) {
		// A digit cut off by the end is the end; a bad one before it is a syntax error.
		for j := i; j < len(d.data); j++ {
			if _, ok := hexDigit(d.data[j]); !ok {
				return 0, d.syntaxError(j)
			}
		}
		return 0, errEnd
	}
	var r rune
	for j := i; j < i+4; j++ {
		v, ok := hexDigit(d.data[j])
		if !ok {
			return 0, d.syntaxError(j)
		}
		r = r<<4 | v
	}
	return r, nil
}

func hexDigit(c byte) (rune, bool) {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0'), true
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10), true
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10), true
	}
	return 0, false
}
