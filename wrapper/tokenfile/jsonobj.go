package tokenfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
)

// member is one name and value of a JSON object, the value as written.
type member struct {
	name  string
	value []byte
}

var errNotObject = errors.New("not a JSON object; each line must hold one token object such as {\"GatewayID\":1,\"PaymentProfileID\":\"...\"}")

// objectMembers appends the members of b, one JSON object, to out in
// order, keeping a repeated name (encoding/json would keep the last one
// silently). The values point into b. Once json.Valid has vouched for b,
// finding where each name and value ends is a plain scan, without the
// allocations of a json.Decoder.
func objectMembers(b []byte, out []member) ([]member, error) {
	if !json.Valid(b) {
		return nil, errNotObject
	}
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return nil, errNotObject
	}
	i = skipSpace(b, i+1)
	for b[i] != '}' { // b[i] opens a member's name
		end := stringEnd(b, i)
		name, err := jsonName(b[i:end])
		if err != nil {
			return nil, errNotObject
		}
		from := skipSpace(b, skipSpace(b, end)+1) // past the colon
		i = valueEnd(b, from)
		out = append(out, member{name: name, value: b[from:i]})
		if i = skipSpace(b, i); b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return out, nil
}

// jsonName decodes a member's name; a field's name costs no allocation.
func jsonName(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '\\') < 0 {
		if f, ok := fieldByName[string(raw[1:len(raw)-1])]; ok {
			return f.name, nil
		}
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// jsonString decodes a valid JSON value that should be a string; ok is
// false when it is another type.
func jsonString(raw []byte) (s string, ok bool) {
	if raw[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 { // valid JSON in valid UTF-8: the bytes are the string
		return string(raw[1 : len(raw)-1]), true
	}
	return s, json.Unmarshal(raw, &s) == nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd returns where the valid JSON string starting at b[i] ends.
func stringEnd(b []byte, i int) int {
	for i++; b[i] != '"'; i++ {
		if b[i] == '\\' {
			i++ // the escaped character
		}
	}
	return i + 1
}

// valueEnd returns where the valid JSON value starting at b[i] ends.
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		for depth := 0; ; i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for ; i < len(b); i++ { // a number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
	}
	return i
}

// hasLoneSurrogate reports whether the JSON string raw (valid JSON) escapes
// half of a UTF-16 surrogate pair alone, such as "\ud800": encoding/json
// reads it as U+FFFD, which would change the value silently.
func hasLoneSurrogate(raw []byte) bool {
	high := false // the last escape was a high surrogate: a low one must follow
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || raw[i+1] != 'u' {
			if high {
				return true
			}
			if raw[i] == '\\' {
				i++ // the escaped character
			}
			continue
		}
		r, _ := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16) // valid JSON: four hex digits
		i += 5
		switch {
		case high && (r < 0xDC00 || r > 0xDFFF):
			return true
		case high:
			high = false
		case r >= 0xD800 && r <= 0xDBFF:
			high = true
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		}
	}
	return high
}
