package migrate_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestExportWritesEveryTokenOfTheStore(t *testing.T) {
	for _, f := range []tokenfile.Format{tokenfile.JSONL, tokenfile.CSV} {
		t.Run(f.String(), func(t *testing.T) {
			s := newStore(t, nil)
			seed := unsaved(tokens(1, 1203)) // three pages of 500
			for i := range seed {
				seed[i].LastUpdate = wrapper.DateTime{Time: time.Date(2026, 3, 28, 14, i%60, 0, 0, time.UTC)}
			}
			s.sb.Seed(seed...)
			var buf bytes.Buffer
			var last migrate.Progress
			n, err := migrate.Export(t.Context(), s.c, &buf, migrate.ExportOptions{Format: f, Progress: func(p migrate.Progress) { last = p }})
			require.NoError(t, err)
			assert.Equal(t, 1203, n)
			assert.Equal(t, migrate.Progress{Phase: migrate.PhaseExport, Done: 1203, Total: 1203}, withoutTimes(last))
			assert.Equal(t, 1+(1+3+1+1), s.n.count(http.MethodGet), "the count, then All: its count, three pages, one past the end, its count again")

			r, err := tokenfile.NewReader(&buf, f, "export")
			require.NoError(t, err)
			for i, want := range s.sb.Tokens() {
				rec, err := r.Next()
				require.NoError(t, err)
				require.Equal(t, want, rec.Token, "token %d, ids and dates included", i)
			}
			_, err = r.Next()
			require.ErrorIs(t, err, io.EOF, "no more tokens than the store's")
		})
	}
}

func TestExportThenImportCopiesAStore(t *testing.T) {
	for _, f := range []tokenfile.Format{tokenfile.JSONL, tokenfile.CSV} {
		t.Run(f.String(), func(t *testing.T) {
			from, to := newStore(t, nil), newStore(t, nil)
			from.sb.Seed(unsaved(tokens(1, 40))...)
			path := filepath.Join(t.TempDir(), "store."+f.String())
			out, err := os.Create(path)
			require.NoError(t, err)
			_, err = migrate.Export(t.Context(), from.c, out, migrate.ExportOptions{Format: f})
			require.NoError(t, err)
			require.NoError(t, out.Close())

			res, err := migrate.Import(t.Context(), to.c, migrate.Source{Path: path}, migrate.ImportOptions{Concurrency: 4})
			require.NoError(t, err)
			assert.Equal(t, 40, res.Created)
			d, err := migrate.Diff(t.Context(), to.c, migrate.Source{Path: path}, migrate.DiffOptions{})
			require.NoError(t, err)
			assert.True(t, d.Equal())
			assert.Equal(t, 40, d.Same)
		})
	}
}

func TestExportOfAnEmptyStore(t *testing.T) {
	s := newStore(t, nil)
	var buf bytes.Buffer
	n, err := migrate.Export(t.Context(), s.c, &buf, migrate.ExportOptions{Format: tokenfile.CSV})
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, strings.Join(tokenfile.FieldNames(), ",")+"\n", buf.String())
	_, err = migrate.Export(t.Context(), nil, &buf, migrate.ExportOptions{Format: tokenfile.CSV})
	require.ErrorContains(t, err, "Client is nil")
}

func TestDiffReportsEveryKindOfDifference(t *testing.T) {
	s := newStore(t, nil)
	seeded := unsaved(tokens(1, 5))
	seeded[1].GatewayName, seeded[1].OrderID = "Old", 0
	seeded[2].LastUpdate = wrapper.DateTime{} // the store stamps LastUpdate; it is ignored
	twice := unsaved(tokens(4, 4))[0]
	s.sb.Seed(append(seeded, twice)...)
	src := append(tokens(2, 4), token(6))

	d, err := migrate.Diff(t.Context(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", src)}, migrate.DiffOptions{})
	require.NoError(t, err)
	assert.False(t, d.Equal())
	assert.Equal(t, 1, d.Same)
	require.Len(t, d.OnlyInFile, 1)
	assert.Equal(t, migrate.Item{Line: 4, Key: `GatewayID=7 CustomerProfileID="cus_0" PaymentProfileID="pm_6"`, SourceID: 6}, d.OnlyInFile[0])
	require.Len(t, d.OnlyInStore, 2)
	assert.Equal(t, []int32{1, 5}, []int32{d.OnlyInStore[0].TargetID, d.OnlyInStore[1].TargetID})
	require.Len(t, d.Differing, 1)
	assert.Equal(t, int32(2), d.Differing[0].TargetID)
	assert.Equal(t, []migrate.FieldDiff{
		{Field: "GatewayName", File: "Stripe", Store: "Old"},
		{Field: "OrderID", File: "9002", Store: ""},
	}, d.Differing[0].Changes)
	require.Len(t, d.Ambiguous, 1)
	assert.Equal(t, 3, d.Ambiguous[0].Line)
	assert.Contains(t, d.Ambiguous[0].Reason, "PaymentTokenID 4, 6")
	assert.Zero(t, s.n.writes())
}

// withoutTimes zeroes the fields of p that depend on the clock.
func withoutTimes(p migrate.Progress) migrate.Progress {
	p.Rate, p.ETA, p.Elapsed = 0, 0, 0
	return p
}

// ExportFile replaces an earlier export (or an empty file), never a file
// of something else, which it refuses before any request.
func TestExportFileReplacesOnlyAnEarlierExport(t *testing.T) {
	s := newStore(t, nil)
	s.sb.Seed(unsaved(tokens(1, 3))...)
	dir := t.TempDir()
	emptyStore := newStore(t, nil)
	for _, f := range []tokenfile.Format{tokenfile.JSONL, tokenfile.CSV} {
		path := filepath.Join(dir, "tokens."+f.String())
		require.NoError(t, os.WriteFile(path, nil, 0o600))
		_, err := migrate.ExportFile(t.Context(), emptyStore.c, path, migrate.ExportOptions{Format: f})
		require.NoError(t, err, "an empty store's export: %s", f) // CSV: its header alone
		for range 2 {                                             // into the empty file, then over the first export
			n, err := migrate.ExportFile(t.Context(), s.c, path, migrate.ExportOptions{Format: f})
			require.NoError(t, err, f)
			assert.Equal(t, 3, n)
		}
	}
	s.n.reset()
	for name, content := range map[string]string{
		"old.env":            "THREEDCART_PRIVATE_KEY=secret-value\n",
		"tokens.journal":     `{"op":"begin","store":"x"}` + "\n",
		"notes.jsonl":        "remember the milk\n",
		"other.csv":          "name,amount\nx,1\n",
		"jsonl-as-csv.csv":   `{"PaymentTokenID":1}` + "\n",
		"customers.csv":      "CustomerID,OrderID\n1,1001\n",
		"empty-object.jsonl": "{}\nmore notes\n",
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		f := tokenfile.JSONL
		if filepath.Ext(name) == ".csv" {
			f = tokenfile.CSV
		}
		_, err := migrate.ExportFile(t.Context(), s.c, path, migrate.ExportOptions{Format: f})
		require.ErrorIs(t, err, migrate.ErrPathRefused, name)
		assert.Contains(t, err.Error(), "exists and is not a token file in "+f.String())
		assert.NotContains(t, err.Error(), "secret-value", "the file's content is never quoted")
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, content, string(got), "%s left as it was", name)
	}
	assert.Zero(t, s.n.count("GET"), "refused before any request")
}

func TestEntryPointsRefuseNilArgumentsWithAnError(t *testing.T) {
	s := newStore(t, nil)
	_, err := migrate.Export(t.Context(), s.c, nil, migrate.ExportOptions{})
	require.ErrorContains(t, err, "paymenttokens: the io.Writer is nil")
	path := filepath.Join(t.TempDir(), "t.jsonl")
	_, err = migrate.ExportFile(t.Context(), nil, path, migrate.ExportOptions{})
	require.ErrorContains(t, err, "paymenttokens: the *wrapper.Client is nil")
	assert.NoFileExists(t, path)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary file either")
	_, err = tokenfile.NewWriter(nil, tokenfile.JSONL)
	require.ErrorContains(t, err, "paymenttokens: the io.Writer is nil")
	_, err = tokenfile.NewReader(nil, tokenfile.JSONL, "t.jsonl")
	require.ErrorContains(t, err, "paymenttokens: the io.Reader is nil")
	_, err = migrate.Diff(t.Context(), nil, migrate.Source{Path: path}, migrate.DiffOptions{})
	require.ErrorContains(t, err, "paymenttokens: the *wrapper.Client is nil")
}
