// Package tokenjson decodes the API's arrays of payment tokens into the
// generated model without reflection. encoding/json spent about 6 µs per
// token on it (most of List's CPU); this decoder is a single pass over the
// bytes that allocates the token's strings and nothing else per token.
//
// Given an array, it accepts exactly what encoding/json accepts for
// []gen.PaymentToken and decodes it to the same values (a differential
// fuzz test holds it to that): unknown fields are skipped, null leaves a
// field as it is, keys match case-insensitively, and numbers outside int32,
// wrong types and malformed or truncated JSON are errors that name the
// field but quote no value (answers hold customers' payment data).
package tokenjson

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/shift4shop-go/paymenttokens/gen"
)

// maxDepth is encoding/json's nesting limit, which keeps hostile input from
// exhausting the stack.
const maxDepth = 10000

// errEnd says the input stopped inside a value; the text is encoding/json's.
var errEnd = errors.New("unexpected end of JSON input")

// DecodeList decodes a JSON array of tokens. Nothing but whitespace may
// follow the array.
func DecodeList(data []byte) ([]gen.PaymentToken, error) {
	d := decoder{data: data}
	d.skipSpace()
	if d.peek() != '[' {
		return nil, errors.New("want a JSON array of tokens")
	}
	d.pos++
	// Sized from the count of objects, so that a page is one allocation; a
	// wrong guess costs an append's growth, and no guess exceeds one token
	// per 16 bytes of input.
	out := make([]gen.PaymentToken, 0, min(bytes.Count(data, []byte{'{'}), len(data)/16+1))
	d.skipSpace()
	if d.peek() == ']' {
		d.pos++
		return out, d.end()
	}
	for i := 0; ; i++ {
		var t gen.PaymentToken
		if err := d.token(&t); err != nil {
			return nil, fmt.Errorf("token %d: %w", i, err)
		}
		out = append(out, t)
		d.skipSpace()
		switch d.next() {
		case ',':
			d.skipSpace()
		case ']':
			return out, d.end()
		default:
			return nil, d.syntaxError(d.pos - 1)
		}
	}
}

type decoder struct {
	data []byte
	pos  int
}

// end refuses anything but whitespace after the array.
func (d *decoder) end() error {
	d.skipSpace()
	if d.pos < len(d.data) {
		return fmt.Errorf("invalid character %q after the array", d.data[d.pos])
	}
	return nil
}

func (d *decoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// next consumes one byte; at the end it returns 0 and stays there.
func (d *decoder) next() byte {
	c := d.peek()
	d.pos++
	return c
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// syntaxError describes the byte at i, or the end of the input. It quotes
// one byte only: answers hold customers' payment data.
func (d *decoder) syntaxError(i int) error {
	if i >= len(d.data) {
		return errEnd
	}
	return fmt.Errorf("invalid character %q at offset %d", d.data[i], i)
}

// token decodes one element of the array: an object, or null for a zero token.
func (d *decoder) token(t *gen.PaymentToken) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '{':
	default:
		if err := d.skipValue(2); err != nil {
			return err
		}
		return errors.New("want a JSON object")
	}
	d.pos++
	d.skipSpace()
	if d.peek() == '}' {
		d.pos++
		return nil
	}
	for {
		key, err := d.key()
		if err != nil {
			return err
		}
		if err := d.field(t, key); err != nil {
			return err
		}
		d.skipSpace()
		switch d.next() {
		case ',':
			d.skipSpace()
		case '}':
			return nil
		default:
			return d.syntaxError(d.pos - 1)
		}
	}
}

// key reads an object key and its colon, leaving the decoder at the value.
func (d *decoder) key() ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.syntaxError(d.pos)
	}
	key, err := d.stringBytes()
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.next() != ':' {
		return nil, d.syntaxError(d.pos - 1)
	}
	d.skipSpace()
	return key, nil
}

// fieldNames are the model's JSON names, for keys that match only when
// case is ignored (as encoding/json matches them).
var fieldNames = [...]string{
	"PaymentTokenID", "CustomerID", "OrderID", "CustomerProfileID", "PaymentProfileID", "CardLast4",
	"CardExpMonth", "CardExpYear", "BillingPaymentMethodID", "LastUpdate", "GatewayName", "GatewayID",
}

// field decodes the value of key into t, or skips it when t has no such field.
func (d *decoder) field(t *gen.PaymentToken, key []byte) error {
	var err error
	switch string(key) {
	case "PaymentTokenID":
		err = d.int32(&t.PaymentTokenID)
	case "CustomerID":
		err = d.int32(&t.CustomerID)
	case "OrderID":
		err = d.int32(&t.OrderID)
	case "CustomerProfileID":
		err = d.string(&t.CustomerProfileID)
	case "PaymentProfileID":
		err = d.string(&t.PaymentProfileID)
	case "CardLast4":
		err = d.int32(&t.CardLast4)
	case "CardExpMonth":
		err = d.int32(&t.CardExpMonth)
	case "CardExpYear":
		err = d.int32(&t.CardExpYear)
	case "BillingPaymentMethodID":
		err = d.int32(&t.BillingPaymentMethodID)
	case "GatewayName":
		err = d.string(&t.GatewayName)
	case "GatewayID":
		err = d.int32(&t.GatewayID)
	case "LastUpdate":
		start := d.pos
		if err := d.skipValue(3); err != nil {
			return fmt.Errorf("LastUpdate: %w", err)
		}
		return t.LastUpdate.UnmarshalJSON(d.data[start:d.pos]) // its errors name the field
	default:
		for _, name := range fieldNames {
			if bytes.EqualFold(key, []byte(name)) {
				return d.field(t, []byte(name))
			}
		}
		return d.skipValue(3)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// int32 decodes an integer that fits in int32; null leaves *p as it is.
func (d *decoder) int32(p *int32) error {
	switch c := d.peek(); {
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
	default:
		if err := d.skipValue(3); err != nil {
			return err
		}
		return errors.New("want a number")
	}
	start := d.pos
	integer, err := d.number()
	if err != nil {
		return err
	}
	lit := d.data[start:d.pos]
	if !integer {
		return errors.New("want an integer, got a fraction or an exponent")
	}
	n, ok := parseInt32(lit)
	if !ok {
		return fmt.Errorf("a %d-digit number is out of range for int32", len(lit))
	}
	*p = n
	return nil
}

// parseInt32 reads a JSON integer (no leading zeros, so at most 11 bytes fit).
func parseInt32(lit []byte) (int32, bool) {
	neg := lit[0] == '-'
	digits := lit
	if neg {
		digits = lit[1:]
	}
	if len(digits) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	if n < -1<<31 || n > 1<<31-1 {
		return 0, false
	}
	return int32(n), true
}

// string decodes a JSON string; null leaves *p as it is.
func (d *decoder) string(p *string) error {
	switch d.peek() {
	case 'n':
		return d.literal("null")
	case '"':
		b, err := d.stringBytes()
		if err != nil {
			return err
		}
		*p = string(b)
		return nil
	}
	if err := d.skipValue(3); err != nil {
		return err
	}
	return errors.New("want a string")
}

// literal consumes the word (null, true or false) that starts here.
func (d *decoder) literal(word string) error {
	for i := range len(word) {
		if d.pos+i >= len(d.data) {
			return errEnd
		}
		if d.data[d.pos+i] != word[i] {
			return d.syntaxError(d.pos + i)
		}
	}
	d.pos += len(word)
	return nil
}

// number consumes a JSON number and reports whether it is an integer
// (no fraction, no exponent).
func (d *decoder) number() (integer bool, err error) {
	data, i := d.data, d.pos
	digits := func() bool {
		start := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case !digits():
		return false, d.syntaxError(i)
	}
	integer = true
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			return false, d.syntaxError(i)
		}
		integer = false
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			return false, d.syntaxError(i)
		}
		integer = false
	}
	d.pos = i
	return integer, nil
}

// skipValue consumes any JSON value, checking its syntax; depth counts the
// arrays and objects around it.
func (d *decoder) skipValue(depth int) error {
	if depth > maxDepth {
		return errors.New("exceeded max depth")
	}
	switch c := d.peek(); {
	case c == '"':
		_, err := d.stringBytes()
		return err
	case c == 'n':
		return d.literal("null")
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == '-' || '0' <= c && c <= '9':
		_, err := d.number()
		return err
	case c == '[':
		return d.skipContainer(']', depth, func() error { return nil })
	case c == '{':
		return d.skipContainer('}', depth, func() error {
			_, err := d.key()
			return err
		})
	}
	return d.syntaxError(d.pos)
}

// skipContainer consumes an array or object whose opening byte is next;
// before each element, prefix reads what precedes it (an object's key).
func (d *decoder) skipContainer(closer byte, depth int, prefix func() error) error {
	d.pos++
	d.skipSpace()
	if d.peek() == closer {
		d.pos++
		return nil
	}
	for {
		if err := prefix(); err != nil {
			return err
		}
		if err := d.skipValue(depth + 1); err != nil {
			return err
		}
		d.skipSpace()
		switch d.next() {
		case ',':
			d.skipSpace()
		case closer:
			return nil
		default:
			return d.syntaxError(d.pos - 1)
		}
	}
}
