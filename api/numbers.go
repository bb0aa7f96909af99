package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// IntString is an integer that the API writes as a decimal string ("200")
// and that other answers carry as a JSON number (200): the write envelope's
// and the error items' Status. It decodes both and encodes the string.
type IntString int

// MarshalJSON encodes the decimal string, the API's documented form.
func (n IntString) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, strconv.Itoa(int(n))), nil
}

// UnmarshalJSON decodes a JSON number or a string holding a 32-bit integer.
func (n *IntString) UnmarshalJSON(b []byte) error {
	digits := b
	if len(digits) >= 2 && digits[0] == '"' && digits[len(digits)-1] == '"' {
		digits = digits[1 : len(digits)-1]
	}
	v, ok := parseInt32(digits)
	if !ok {
		// The value is not quoted: it comes from an answer, which may echo anything.
		return fmt.Errorf("want an integer or a numeric string such as \"200\", got %d bytes of something else", len(b))
	}
	*n = IntString(v)
	return nil
}

// parseInt32 reads an optionally signed decimal int32 without allocating.
func parseInt32(b []byte) (int, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg || len(b) > 0 && b[0] == '+' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n > math.MaxInt32 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// StringOrNumber is a string that some answers carry as a JSON number: the
// write envelope's Value (the token's id, documented as "1234"). A number
// decodes to its decimal text.
type StringOrNumber string

// UnmarshalJSON decodes a JSON string, or a JSON number as its text.
func (s *StringOrNumber) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		*s = StringOrNumber(b[1 : len(b)-1]) // the common case: no escapes to undo
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err == nil {
		switch v := v.(type) {
		case string:
			*s = StringOrNumber(v)
			return nil
		case json.Number:
			*s = StringOrNumber(v)
			return nil
		}
	}
	return fmt.Errorf("want a string or a number, got %d bytes of something else", len(b))
}
