package migrate_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// requireUnchanged fails unless the file at path still holds content.
func requireUnchanged(t *testing.T, path string, content []byte) {
	t.Helper()
	now, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(content), string(now), "%s was left as it was", path)
}

func TestExportFileDoesNotReplaceATokenFileItsImportStillNeeds(t *testing.T) {
	target, path, journal := interrupted(t, 5, 2, 1)
	require.NoError(t, os.Rename(journal, path+".journal"))
	journal = path + ".journal"
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	other := newStore(t, nil)
	other.sb.Seed(unsaved(tokens(101, 150))...)

	_, err = migrate.ExportFile(t.Context(), other.c, path, migrate.ExportOptions{})
	require.ErrorIs(t, err, migrate.ErrPathRefused)
	assert.ErrorContains(t, err, "records 1 create(s) whose outcome is not settled, and resuming needs the file as it is")
	requireUnchanged(t, path, before)
	assert.Zero(t, other.n.count("GET"), "refused before any request")

	f, err := os.Open(journal) // as a running import holds it
	require.NoError(t, err)
	held, err := safefile.TryLock(f)
	require.NoError(t, err)
	require.True(t, held)
	_, err = migrate.ExportFile(t.Context(), other.c, path, migrate.ExportOptions{})
	require.ErrorIs(t, err, migrate.ErrPathRefused)
	assert.ErrorContains(t, err, "is locked by an import running now")
	require.NoError(t, f.Close())
	requireUnchanged(t, path, before)

	_, err = migrate.Import(context.Background(), target.c, migrate.Source{Path: path}, migrate.ImportOptions{Journal: journal, Settle: testSettle})
	require.NoError(t, err, "the resume, which needed the file as it was")

	_, err = migrate.ExportFile(t.Context(), target.c, path, migrate.ExportOptions{})
	require.ErrorIs(t, err, migrate.ErrPathRefused, "the store the file was imported into")
	assert.ErrorContains(t, err, "was written for an import into the store being exported")
	requireUnchanged(t, path, before)

	n, err := migrate.ExportFile(t.Context(), other.c, path, migrate.ExportOptions{})
	require.NoError(t, err, "every create settled, and another store: a new export of the source")
	assert.Equal(t, 50, n)
}

func TestExportFileOfAnEmptyStoreDoesNotEmptyAFileHoldingTokens(t *testing.T) {
	empty := newStore(t, nil)
	path := writeTokens(t, "t.jsonl", tokens(1, 50))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	_, err = migrate.ExportFile(t.Context(), empty.c, path, migrate.ExportOptions{})
	require.ErrorIs(t, err, migrate.ErrPathRefused)
	assert.ErrorContains(t, err, "the store holds no token, and "+path+" holds some")
	requireUnchanged(t, path, before)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left")

	for _, name := range []string{"new.jsonl", "empty.jsonl"} {
		p := filepath.Join(t.TempDir(), name)
		if name == "empty.jsonl" {
			require.NoError(t, os.WriteFile(p, nil, 0o600))
		}
		n, err := migrate.ExportFile(t.Context(), empty.c, p, migrate.ExportOptions{})
		require.NoError(t, err, "nothing to lose in %s", name)
		assert.Zero(t, n)
	}
}

func TestTheIDMapReplacesOnlyAnIDMapOfAnImportIntoTheSameStore(t *testing.T) {
	a, b := newStore(t, nil), newStore(t, nil)
	path := writeTokens(t, "t.jsonl", tokens(1, 3))
	customers := writeText(t, "customers.csv", "source_id,target_id\n501,7001\n")
	idmap := filepath.Join(filepath.Dir(path), "ids.csv")
	ctx := context.Background()

	_, err := migrate.Import(ctx, a.c, migrate.Source{Path: path}, migrate.ImportOptions{IDMap: customers})
	require.ErrorIs(t, err, migrate.ErrPathRefused, "a customer map given as the id map")
	assert.ErrorContains(t, err, "is an existing file that is not an id map an import wrote")
	requireUnchanged(t, customers, []byte("source_id,target_id\n501,7001\n"))
	assert.Zero(t, a.n.writes())

	_, err = migrate.Import(ctx, a.c, migrate.Source{Path: path}, migrate.ImportOptions{IDMap: idmap})
	require.NoError(t, err)
	written, err := os.ReadFile(idmap)
	require.NoError(t, err)
	assert.Equal(t, "# paymenttokens: token id map of an import into the store "+a.c.StoreDigest()+"\n", string(written[:len(written)-len("source_id,target_id\n1,1\n2,2\n3,3\n")]))
	ids, err := tokenfile.ReadIDMap(idmap)
	require.NoError(t, err)
	assert.Len(t, ids, 3)

	_, err = migrate.Import(ctx, b.c, migrate.Source{Path: path}, migrate.ImportOptions{IDMap: idmap})
	require.ErrorIs(t, err, migrate.ErrPathRefused, "the id map of an import into another store")
	assert.ErrorContains(t, err, "is the id map of an import into another store (digest "+a.c.StoreDigest()[:12]+"…; this client's store has "+b.c.StoreDigest()[:12]+"…)")
	requireUnchanged(t, idmap, written)
	assert.Zero(t, b.n.writes())

	_, err = migrate.Import(ctx, a.c, migrate.Source{Path: path}, migrate.ImportOptions{IDMap: idmap})
	require.NoError(t, err, "its own map, for the same store")
}
