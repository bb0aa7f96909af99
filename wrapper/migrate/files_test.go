package migrate_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestAnImportOfADefectiveFileSendsNothing(t *testing.T) {
	s := newStore(t, nil)
	path := writeText(t, "bad.jsonl", "{\"PaymentProfileID\":\"a\"}\n{\"PaymentProfileID\":\"b\",\"CardExpYear\":\"2030\"}\n")
	_, err := migrate.Import(t.Context(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{})
	require.ErrorContains(t, err, path+":2: field CardExpYear: want a whole number")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestOneMigrationsIDMapFeedsTheNext(t *testing.T) {
	// The customers were migrated first; their id map rewrites the tokens' CustomerID.
	customers := filepath.Join(t.TempDir(), "customers.csv")
	require.NoError(t, tokenfile.WriteIDMap(customers, tokenfile.IDMap{501: 7001, 502: 7002}))
	m, err := tokenfile.ReadIDMap(customers)
	require.NoError(t, err)
	s := newStore(t, nil)
	_, err = migrate.Import(t.Context(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", tokens(1, 2)), CustomerMap: m}, migrate.ImportOptions{})
	require.NoError(t, err)
	got := byKey(t, s.sb.Tokens())
	assert.Equal(t, int32(7001), got["pm_1"].CustomerID)
	assert.Equal(t, int32(7002), got["pm_2"].CustomerID)
}
