package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
)

func TestDateTimeDecodesEveryKnownForm(t *testing.T) {
	t.Parallel()
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	for in, want := range map[string]time.Time{
		`"03/28/2019 14:37"`:          utc(2019, 3, 28, 14, 37, 0, 0),
		`"03/28/2019 14:37:09"`:       utc(2019, 3, 28, 14, 37, 9, 0),
		`"9/16/2013 1:23:45 PM"`:      utc(2013, 9, 16, 13, 23, 45, 0),
		`"9/16/2013 1:23:45 AM"`:      utc(2013, 9, 16, 1, 23, 45, 0),
		`"2013-09-16T17:57:32"`:       utc(2013, 9, 16, 17, 57, 32, 0),
		`"2013-09-16T17:57:32.25"`:    utc(2013, 9, 16, 17, 57, 32, 250000000),
		`"1987-09-27T20:30:15.838Z"`:  utc(1987, 9, 27, 20, 30, 15, 838000000),
		`"2013-09-16T17:57:32+02:00"`: time.Date(2013, 9, 16, 17, 57, 32, 0, time.FixedZone("", 7200)),
		`"2013-09-16T17:57:32+0200"`:  time.Date(2013, 9, 16, 17, 57, 32, 0, time.FixedZone("", 7200)),
		`"2013-09-16 17:57:32"`:       utc(2013, 9, 16, 17, 57, 32, 0),
		`"2013-09-16 17:57:32+0200"`:  time.Date(2013, 9, 16, 17, 57, 32, 0, time.FixedZone("", 7200)),
		`"1/2/2024 3:04PM"`:           utc(2024, 1, 2, 15, 4, 0, 0),
		`"0001-01-01T00:00:00"`:       {},
		`""`:                          {},
		`null`:                        {},
	} {
		var d api.DateTime
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.True(t, want.Equal(d.Time), "%s: got %v want %v", in, d.Time, want)
		assert.Equal(t, want.IsZero(), d.IsZero(), in)
	}
}

func TestDateTimeRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"yesterday"`, `"13/45/2019 14:37"`, `"2019-02-30T00:00:00"`, `12`, `{}`, `"03/28/2019"`, `"2019-03-28T25:00:00Z"`, `"0000-12-31T00:00:00"`, `"01/01/0000 00:00"`, `"0001-01-01T00:00:01+24:00"`} {
		var d api.DateTime
		err := json.Unmarshal([]byte(in), &d)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), "LastUpdate", in)
	}
}

func TestDateTimeEncodesRFC3339(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(api.DateTime{Time: time.Date(2019, 3, 28, 14, 37, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, `"2019-03-28T14:37:00Z"`, string(b))
	b, err = json.Marshal(api.DateTime{Time: time.Date(2019, 3, 28, 14, 37, 0, 5e8, time.FixedZone("", -5*3600))})
	require.NoError(t, err)
	assert.Equal(t, `"2019-03-28T14:37:00.5-05:00"`, string(b))
	b, err = json.Marshal(api.DateTime{Time: time.Date(2019, 3, 28, 14, 37, 0, 0, time.FixedZone("LMT", 17*60+30))})
	require.NoError(t, err)
	assert.Equal(t, `"2019-03-28T14:19:30Z"`, string(b), "an offset that is not whole minutes is written in UTC, the same instant")
	b, err = json.Marshal(api.DateTime{Time: time.Date(2019, 3, 28, 14, 37, 0, 0, time.FixedZone("", 25*3600))})
	require.NoError(t, err)
	assert.Equal(t, `"2019-03-27T13:37:00Z"`, string(b), "an offset of a day or more is written in UTC, the same instant")
	for _, y := range []int{0, 10000} {
		_, err = json.Marshal(api.DateTime{Time: time.Date(y, 3, 28, 14, 37, 0, 0, time.UTC)})
		require.ErrorContains(t, err, "LastUpdate is outside the years 0001 to 9999", "year %d", y)
	}
	b, err = json.Marshal(api.DateTime{})
	require.NoError(t, err)
	assert.Equal(t, `null`, string(b))
}

// FuzzDateTime checks that decoding never panics and that whatever decodes
// survives an encode/decode round trip unchanged.
func FuzzDateTime(f *testing.F) {
	for _, s := range []string{`"03/28/2019 14:37"`, `"9/16/2013 1:23:45 PM"`, `"2013-09-16T17:57:32"`, `"1987-09-27T20:30:15.838Z"`, `null`, `""`, `"0001-01-01T00:00:00"`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var d api.DateTime
		if err := json.Unmarshal(in, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("%q decoded but does not encode: %v", in, err)
		}
		var back api.DateTime
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q encoded as %s, which does not decode: %v", in, out, err)
		}
		if !back.Equal(d.Time) {
			t.Fatalf("%q: round trip changed %v into %v", in, d.Time, back.Time)
		}
	})
}
