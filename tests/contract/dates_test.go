package contract_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/api"
	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// lastUpdatePattern is the spec's pattern for LastUpdate, compiled.
func lastUpdatePattern(t *testing.T) *regexp.Regexp {
	t.Helper()
	doc, err := contract.LoadSpec()
	require.NoError(t, err)
	return regexp.MustCompile(doc.Components.Schemas["PaymentToken"].Value.Properties["LastUpdate"].Value.Pattern)
}

// part is one piece of a date string, and whether it is right.
type part struct {
	text string
	ok   bool
}

// numbers are n0..n1, written with width digits (0: no padding, which is
// right only for numbers of width digits or when unpadded is right), right
// when within lo..hi.
func numbers(n0, n1, lo, hi, width int, unpaddedOK bool) []part {
	var out []part
	for n := n0; n <= n1; n++ {
		in := n >= lo && n <= hi
		if width > 0 {
			out = append(out, part{fmt.Sprintf("%0*d", width, n), in})
		}
		if unpadded := fmt.Sprint(n); width == 0 || len(unpadded) < width {
			out = append(out, part{unpadded, in && (unpaddedOK || len(unpadded) == width)})
		}
	}
	return out
}

// realDate reports whether y-m-d is a day of the calendar in years 1 to 9999.
func realDate(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
}

// TestLastUpdatePatternAdmitsExactlyRealDatesInTheAPIForms checks the spec's
// LastUpdate pattern against an independent oracle, over every month and day
// of leap and common years (century rules included) in each date form, and
// every hour, minute, second, 12-hour suffix, fraction and zone at and past
// its edges: it admits exactly the real dates and times in the forms its
// description lists, and api.ParseDateTime (with which the sandbox and the
// wrapper read them) reads each one it admits as that date and time.
func TestLastUpdatePatternAdmitsExactlyRealDatesInTheAPIForms(t *testing.T) {
	t.Parallel()
	re := lastUpdatePattern(t)
	checked := 0
	check := func(s string, want bool, y, mo, d, h, mi, sec int) {
		checked++
		if !assert.Equal(t, want, re.MatchString(s), "%q", s) || !want {
			return
		}
		got, err := api.ParseDateTime(s)
		if assert.NoError(t, err, "%q: the pattern admits it, the parser refuses it", s) {
			wall := got.Time
			assert.Equal(t, []int{y, mo, d, h, mi, sec}, []int{wall.Year(), int(wall.Month()), wall.Day(), wall.Hour(), wall.Minute(), wall.Second()}, "%q", s)
		}
	}

	// Dates: every month and day, in each form, on leap, common and century years.
	for _, y := range []int{0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				ok := realDate(y, m, d)
				check(fmt.Sprintf("%02d/%02d/%04d 14:37", m, d, y), ok, y, m, d, 14, 37, 0)
				check(fmt.Sprintf("%d/%d/%04d 2:37 PM", m, d, y), ok, y, m, d, 14, 37, 0)
				check(fmt.Sprintf("%04d-%02d-%02dT14:37:00", y, m, d), ok, y, m, d, 14, 37, 0)
			}
		}
	}
	for _, s := range []string{"1/2/24 3:04", "2024-1-2T03:04:05", "20240-01-02T03:04:05", "01/02/10000 03:04", "001/02/2024 03:04", "1/002/2024 03:04"} {
		check(s, false, 0, 0, 0, 0, 0, 0)
	}

	// 24-hour times after M/d/yyyy.
	for _, h := range numbers(0, 24, 0, 23, 2, true) {
		for _, mi := range numbers(0, 60, 0, 59, 2, false) {
			for _, sec := range append([]part{{"", true}}, numbers(0, 60, 0, 59, 2, false)...) {
				s := "2/29/2024 " + h.text + ":" + mi.text
				if sec.text != "" {
					s += ":" + sec.text
				}
				check(s, h.ok && mi.ok && sec.ok, 2024, 2, 29, atoi(h.text), atoi(mi.text), atoi(sec.text))
			}
		}
	}

	// 12-hour times: hour 1 to 12, uppercase AM or PM, with or without the space.
	for _, h := range numbers(0, 13, 1, 12, 2, true) {
		for _, mi := range []part{{"00", true}, {"59", true}, {"60", false}, {"5", false}} {
			for _, sec := range []part{{"", true}, {":59", true}, {":60", false}} {
				for _, suffix := range []part{{" AM", true}, {"AM", true}, {" PM", true}, {"PM", true}, {" pm", false}, {"  PM", false}, {" P", false}} {
					s := "12/31/9999 " + h.text + ":" + mi.text + sec.text + suffix.text
					hour := atoi(h.text) % 12
					if strings.Contains(suffix.text, "PM") {
						hour += 12
					}
					check(s, h.ok && mi.ok && sec.ok && suffix.ok, 9999, 12, 31, hour, atoi(mi.text), atoi(strings.TrimPrefix(sec.text, ":")))
				}
			}
		}
	}

	// ISO 8601 times: T or a space, two-digit fields, a fraction, a zone.
	for _, sep := range []part{{"T", true}, {" ", true}, {"t", false}, {"_", false}} {
		for _, h := range []part{{"00", true}, {"23", true}, {"24", false}, {"9", false}} {
			for _, mi := range []part{{"00", true}, {"59", true}, {"60", false}} {
				for _, sec := range []part{{"00", true}, {"59", true}, {"60", false}} {
					for _, frac := range []part{{"", true}, {".5", true}, {",123456789", true}, {".1234567890", false}, {".", false}} {
						for _, zone := range []part{{"", true}, {"Z", true}, {"+00:00", true}, {"-23:59", true}, {"+0100", true}, {"-2359", true}, {"z", false}, {"+24:00", false}, {"+01:60", false}, {"+2400", false}, {"+01", false}, {"+1:00", false}} {
							s := "0001-01-01" + sep.text + h.text + ":" + mi.text + ":" + sec.text + frac.text + zone.text
							check(s, sep.ok && h.ok && mi.ok && sec.ok && frac.ok && zone.ok, 1, 1, 1, atoi(h.text), atoi(mi.text), atoi(sec.text))
						}
					}
				}
			}
		}
	}
	check("", true, 1, 1, 1, 0, 0, 0) // "" is "never": the zero DateTime
	t.Logf("%d strings checked", checked)
}

// atoi reads the digits of s, 0 for "".
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
