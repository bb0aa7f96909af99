package tokenfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestIDMapsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ids.csv")
	require.NoError(t, os.WriteFile(path, []byte("old content"), 0o600))
	m := tokenfile.IDMap{30: 3, 10: 1, 20: 2147483647}
	require.NoError(t, tokenfile.WriteIDMap(path, m))
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "source_id,target_id\n10,1\n20,2147483647\n30,3\n", string(content))
	got, err := tokenfile.ReadIDMap(path)
	require.NoError(t, err)
	assert.Equal(t, m, got)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left")
}

func TestReadIDMapRefusesDefects(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		line          int
		field, want   string
	}{
		{"no header", "1,2\n", 1, "", "starts with the header source_id,target_id"},
		{"empty", "", 1, "", "starts with the header"},
		{"three cells", "source_id,target_id\n1,2,3\n", 2, "", "want two cells per row"},
		{"not a number", "source_id,target_id\n1,2\nx,3\n", 3, "source_id", `want an id from 1 to 2147483647, got "x"`},
		{"zero", "source_id,target_id\n1,0\n", 2, "target_id", "want an id from 1"},
		{"twice", "source_id,target_id\n1,2\n1,3\n", 3, "source_id", "source_id 1 is already mapped on line 2"},
		{"invalid UTF-8", "source_id,target_id\n1,2\n3,4\xff\n", 3, "target_id", "not valid UTF-8: byte 0xFF at byte 2 of the value"},
		{"invalid UTF-8 header", "source_id,target\xff_id\n", 1, "", "cell 2: not valid UTF-8"},
		{"huge cell", "source_id,target_id\n1," + strings.Repeat("9", 5000) + "\n", 2, "target_id", "longer than 1024 bytes"},
		{"other header", "\ufeffsource_id,target_id,note\n", 1, "", "starts with the header source_id,target_id"},
		{"malformed", "source_id,target_id\n\"1\"2,3\n", 2, "source_id", "malformed CSV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tokenfile.ReadIDMap(writeText(t, "m.csv", tc.content))
			var ie *tokenfile.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.line, ie.Line)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := tokenfile.ReadIDMap(filepath.Join(t.TempDir(), "missing.csv"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadIDMapAcceptsWhatSpreadsheetsSave(t *testing.T) {
	for name, content := range map[string]string{
		"Excel's BOM and CRLF": "\ufeffsource_id,target_id\r\n10,1\r\n20,2\r\n",
		"spaces":               "source_id, target_id\n10, 1\n 20 ,2\n\n",
		"quoted":               "\ufeff\"source_id\",\"target_id\"\n\"10\",\"1\"\n20,2",
	} {
		m, err := tokenfile.ReadIDMap(writeText(t, "m.csv", content))
		require.NoError(t, err, name)
		assert.Equal(t, tokenfile.IDMap{10: 1, 20: 2}, m, name)
	}
}
