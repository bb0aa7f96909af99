package api

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// requireSameAsTimeParse fails when the fast path reads s otherwise than
// time.Parse with the API's layout: it may leave s to time.Parse, but never
// accept what time.Parse refuses, and it must take every value written in
// the layout's canonical form.
func requireSameAsTimeParse(t *testing.T, s string) {
	t.Helper()
	want, err := time.Parse(dateLayouts[0], s)
	got, ok := parseAPIForm(s)
	if !ok {
		require.False(t, err == nil && want.Format(dateLayouts[0]) == s, "%q: time.Parse reads %v, the fast path refuses it", s, want)
		return
	}
	require.NoError(t, err, "%q: the fast path reads %v, time.Parse refuses it", s, got)
	require.Equal(t, want, got, s)
}

func TestAPIFormFastPath(t *testing.T) {
	for _, s := range []string{
		"03/28/2019 14:37", "01/01/0001 00:00", "12/31/9999 23:59", "02/29/2024 00:00", "02/29/2000 00:00",
		"02/29/1900 00:00", "02/29/2023 00:00", "04/31/2025 00:00", "00/10/2025 00:00", "13/10/2025 00:00",
		"01/00/2025 00:00", "01/32/2025 00:00", "01/01/2025 24:00", "01/01/2025 23:60", "1/01/2025 00:00 ",
		"01/01/2025T00:00", "0a/01/2025 00:00", "01/01/-025 00:00", "01/01/2025 +1:00", "",
	} {
		requireSameAsTimeParse(t, s)
	}
}

func FuzzAPIFormFastPath(f *testing.F) {
	for _, s := range []string{"03/28/2019 14:37", "02/29/2023 00:00", "01/01/2025 24:00", "12/31/9999 23:59"} {
		f.Add(s)
	}
	f.Fuzz(requireSameAsTimeParse)
}
