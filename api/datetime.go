package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// DateTime is a LastUpdate timestamp. It decodes every form the API emits and
// encodes RFC 3339, the form the API accepts.
//
// Values without a zone are the store's wall clock; they decode in time.UTC
// so that the wall clock reads the same as in the store. "", null and
// 0001-01-01T00:00:00 decode to the zero DateTime, which encodes as null.
type DateTime struct {
	time.Time
}

// dateLayouts are the forms seen from the API, most frequent first.
var dateLayouts = []string{
	"01/02/2006 15:04",          // what the API emits: MM/dd/yyyy HH:mm
	"2006-01-02T15:04:05",       // ISO 8601 without zone
	time.RFC3339Nano,            // RFC 3339, with or without fraction
	"01/02/2006 15:04:05",       // MM/dd/yyyy HH:mm:ss
	"1/2/2006 3:04:05 PM",       // M/d/yyyy h:mm:ss tt
	"1/2/2006 3:04:05PM",        // the same without the space
	"1/2/2006 3:04 PM",          // M/d/yyyy h:mm tt
	"1/2/2006 3:04PM",           // the same without the space
	"1/2/2006 15:04:05",         // M/d/yyyy H:mm:ss
	"1/2/2006 15:04",            // M/d/yyyy H:mm
	"2006-01-02 15:04:05",       // ISO 8601 with a space, without zone
	"2006-01-02T15:04:05Z0700",  // ISO 8601 with a colon-less offset
	"2006-01-02 15:04:05Z07:00", // ISO 8601 with a space and a zone
	"2006-01-02 15:04:05Z0700",  // ISO 8601 with a space and a colon-less offset
}

// ParseDateTime parses s in any of the forms the API is known to use.
func ParseDateTime(s string) (DateTime, error) {
	if s == "" {
		return DateTime{}, nil
	}
	t, ok := parseAPIForm(s)
	for i := 0; !ok && i < len(dateLayouts); i++ {
		parsed, err := time.Parse(dateLayouts[i], s)
		t, ok = parsed, err == nil
	}
	if ok {
		if t.IsZero() {
			return DateTime{}, nil
		}
		d := DateTime{t}
		if _, err := d.wire(); err != nil {
			return DateTime{}, err
		}
		return d, nil
	}
	// The value is not quoted: it comes from an answer, which may echo anything.
	return DateTime{}, fmt.Errorf("LastUpdate (%d bytes) is not a known date form (want MM/dd/yyyy HH:mm, ISO 8601 or RFC 3339)", len(s))
}

// errYearRange refuses a year the API cannot hold. It does not quote the
// year: a decoded value comes from an answer, which may echo anything.
var errYearRange = errors.New("LastUpdate is outside the years 0001 to 9999, the only ones the API takes")

// MarshalJSON encodes RFC 3339, or null for the zero DateTime. It fails for
// a year outside 0001 to 9999, which the API cannot hold.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	t, err := d.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(t.Format(time.RFC3339Nano))
}

// wire is d as MarshalJSON writes it: in its own zone when the offset reads
// as ±hh:mm with hh at most 23 (the spec's pattern), in UTC otherwise (the
// same instant); it fails for a year outside 0001 to 9999, which the API (a
// .NET DateTime) cannot hold and the pattern refuses.
func (d DateTime) wire() (time.Time, error) {
	t := d.Time
	if _, offset := t.Zone(); offset%60 != 0 || offset <= -24*3600 || offset >= 24*3600 {
		t = t.UTC()
	}
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, errYearRange
	}
	return t, nil
}

// UnmarshalJSON decodes a JSON string in any known form, or null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = DateTime{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		return d.parse(string(b[1 : len(b)-1])) // the common case: no escapes to undo
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("LastUpdate must be a JSON string or null, got %d bytes of something else", len(b))
	}
	return d.parse(s)
}

func (d *DateTime) parse(s string) error {
	parsed, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
