package migrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// member is one name and value of a JSON object, the value as written.
type member struct {
	name  string
	value json.RawMessage
}

var errNotObject = errors.New("not a JSON object; each line must hold one token object such as {\"GatewayID\":1,\"PaymentProfileID\":\"...\"}")

// objectMembers splits b, one JSON object, into its members in order,
// keeping a repeated name (encoding/json would keep the last silently).
func objectMembers(b []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotObject
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errNotObject
		}
		name, _ := tok.(string) // in an object, the decoder returns names as strings
		var m member
		if err := dec.Decode(&m.value); err != nil {
			return nil, errNotObject
		}
		m.name = name
		out = append(out, m)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, errNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotObject // more after the object
	}
	return out, nil
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
