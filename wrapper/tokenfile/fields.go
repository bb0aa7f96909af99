package tokenfile

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// fieldKind is the type of a token field.
type fieldKind int

const (
	kindInt32 fieldKind = iota
	kindString
	kindDate
)

// field is one field of the model, found by reflection so that the files
// follow the spec: a field added to api/openapi.yaml is read and written
// without a change here.
type field struct {
	name  string // the API's JSON name
	index int
	kind  fieldKind
}

var (
	fields      = modelFields()
	fieldByName = indexFields(fields)
)

// modelFields lists the model's fields in declaration order.
func modelFields() []field {
	typ := reflect.TypeFor[wrapper.PaymentToken]()
	out := make([]field, 0, typ.NumField())
	for i := range typ.NumField() {
		sf := typ.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		f := field{name: name, index: i}
		switch {
		case sf.Type == reflect.TypeFor[wrapper.DateTime]():
			f.kind = kindDate
		case sf.Type.Kind() == reflect.Int32:
			f.kind = kindInt32
		case sf.Type.Kind() == reflect.String:
			f.kind = kindString
		default:
			panic("tokenfile: the model field " + sf.Name + " has a type this package does not handle") // a build defect
		}
		out = append(out, f)
	}
	return out
}

func indexFields(fs []field) map[string]field {
	m := make(map[string]field, len(fs))
	for _, f := range fs {
		m[f.name] = f
	}
	return m
}

// FieldNames returns the API's token field names, the names files use, in
// the model's order.
func FieldNames() []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// value returns the field of t as a settable reflect.Value.
func (f field) value(t *wrapper.PaymentToken) reflect.Value {
	return reflect.ValueOf(t).Elem().Field(f.index)
}

// text renders the field of t as a CSV cell: "" for zero, a decimal number,
// the string, or an RFC 3339 date.
func (f field) text(t *wrapper.PaymentToken) string {
	v := f.value(t)
	switch f.kind {
	case kindInt32:
		if v.Int() == 0 {
			return ""
		}
		return strconv.FormatInt(v.Int(), 10)
	case kindString:
		return v.String()
	}
	d := v.Interface().(wrapper.DateTime)
	if d.IsZero() {
		return ""
	}
	return d.Format(time.RFC3339Nano)
}

// setText parses a CSV cell into the field of t; "" is zero.
func (f field) setText(t *wrapper.PaymentToken, s string) error {
	v := f.value(t)
	switch f.kind {
	case kindInt32:
		if s == "" {
			v.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return fmt.Errorf("want a whole number from %d to %d, got %s", -1<<31, 1<<31-1, quoteShort(s))
		}
		v.SetInt(n)
	case kindString:
		v.SetString(s)
	case kindDate:
		d, err := api.ParseDateTime(s)
		if err != nil {
			return fmt.Errorf("want a date such as 2026-03-28T14:37:00Z, got %s", quoteShort(s))
		}
		v.Set(reflect.ValueOf(d))
	}
	return f.checkLen(v)
}

// setJSON decodes a valid JSON value into the field of t; null is zero.
func (f field) setJSON(t *wrapper.PaymentToken, raw []byte) error {
	v := f.value(t)
	if string(raw) == "null" {
		v.SetZero()
		return nil
	}
	switch f.kind {
	case kindInt32:
		// Of valid JSON, ParseInt takes the integer literals only (not 1e3
		// or 4.0), as encoding/json does for an int32.
		n, err := strconv.ParseInt(string(raw), 10, 32)
		if err != nil {
			return fmt.Errorf("want a whole number from %d to %d, got %s", -1<<31, 1<<31-1, jsonShown(raw))
		}
		v.SetInt(n)
	case kindString:
		s, ok := jsonString(raw)
		if !ok {
			return fmt.Errorf("want a string, got %s", jsonShown(raw))
		}
		if hasLoneSurrogate(raw) {
			return errors.New(`the string escapes half of a UTF-16 surrogate pair alone (such as \ud800), which is no character; write the character or its complete pair`)
		}
		v.SetString(s)
	case kindDate:
		s, ok := jsonString(raw)
		if !ok {
			return fmt.Errorf("want a date string such as \"2026-03-28T14:37:00Z\", got %s", jsonShown(raw))
		}
		return f.setText(t, s)
	}
	return f.checkLen(v)
}

// checkLen refuses a string longer than the API stores.
func (f field) checkLen(v reflect.Value) error {
	if f.kind != kindString {
		return nil
	}
	if n := utf8.RuneCountInString(v.String()); n > wrapper.MaxStringLen {
		return fmt.Errorf("%d characters long; the API stores at most %d", n, wrapper.MaxStringLen)
	}
	return nil
}

// jsonShown renders a JSON value of the file for an error, quoted once: a
// string as "the string" and its text, anything else as its JSON text.
func jsonShown(raw []byte) string {
	if s, ok := jsonString(raw); ok {
		return "the string " + quoteShort(s)
	}
	return quoteShort(string(raw))
}

// quoteShort quotes s for an error message, cut to about 40 bytes (at a
// character's start).
func quoteShort(s string) string {
	if len(s) > 40 {
		cut := 40
		for cut > 36 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return strconv.Quote(s)
}
