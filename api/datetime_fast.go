package api

import "time"

// parseAPIForm parses the form the API emits, MM/dd/yyyy HH:mm, without
// time.Parse's generality (a third of decoding a token's cost). It returns
// false for anything time.Parse with that layout would not accept or might
// read differently, leaving those to it.
func parseAPIForm(s string) (time.Time, bool) {
	if len(s) != 16 || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':' {
		return time.Time{}, false
	}
	month, ok1 := digits(s[0:2])
	day, ok2 := digits(s[3:5])
	year, ok3 := digits(s[6:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, 0, 0, time.UTC), true
}

// digits reads a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
