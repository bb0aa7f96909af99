package migrate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestOneRunListsEveryDefectOfTheFile(t *testing.T) {
	s := newStore(t, nil)
	good := `{"GatewayID":1,"CustomerProfileID":"c","PaymentProfileID":"p%d"}`
	for name, tc := range map[string]struct {
		content string
		lines   []int
		fields  []string
	}{
		"jsonl": {
			content: fmt.Sprintf(good, 1) + "\n" + `{"GatewayID":"x"}` + "\n" + fmt.Sprintf(good, 1) + "\n" + `{"Nope":1}` + "\n" + fmt.Sprintf(good, 5) + "\n",
			lines:   []int{2, 0, 4}, fields: []string{"GatewayID", "", "Nope"},
		},
		"csv": {
			content: "GatewayID,CustomerProfileID,PaymentProfileID\n1,c,p1\nx,c,p2\n1,c,p1\n1,c\n",
			lines:   []int{3, 0, 5}, fields: []string{"GatewayID", "", ""},
		},
	} {
		t.Run(name, func(t *testing.T) {
			file := writeText(t, "tokens."+name, tc.content)
			_, err := migrate.Import(t.Context(), s.c, migrate.Source{Path: file}, migrate.ImportOptions{})
			var d *tokenfile.Defects
			require.ErrorAs(t, err, &d, "%v", err)
			require.Len(t, d.List, len(tc.lines), "%v", err)
			for i, e := range d.List {
				assert.Equal(t, file, e.File)
				assert.Equal(t, tc.lines[i], e.Line, "%v", e)
				assert.Equal(t, tc.fields[i], e.Field, "%v", e)
			}
			var dup *tokenfile.DuplicateKeyError
			require.ErrorAs(t, d.List[1], &dup)
			assert.Equal(t, []int{tc.lines[0] - 1, tc.lines[0] + 1}, []int{dup.First, dup.Second})
			var first *tokenfile.InputError
			require.True(t, errors.As(err, &first), "errors.As finds the first defect")
			assert.Equal(t, tc.lines[0], first.Line)
			assert.Zero(t, s.n.writes(), "nothing was sent")
		})
	}
}

func TestDefectsPastTheCapAreCounted(t *testing.T) {
	s := newStore(t, nil)
	file := writeText(t, "tokens.jsonl", strings.Repeat(`{"GatewayID":"x"}`+"\n", tokenfile.MaxDefects+7))
	_, err := migrate.Diff(t.Context(), s.c, migrate.Source{Path: file}, migrate.DiffOptions{})
	var d *tokenfile.Defects
	require.ErrorAs(t, err, &d)
	assert.Len(t, d.List, tokenfile.MaxDefects)
	assert.Equal(t, 7, d.More)
	assert.Equal(t, tokenfile.MaxDefects+7, d.Count())
	assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf("; and 7 more (the first %d are listed)", tokenfile.MaxDefects)), err.Error())
	assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf("paymenttokens: %s: %d defects: %s:1: field GatewayID: ", file, tokenfile.MaxDefects+7, file)), err.Error())
}

func TestALineTooLongEndsTheCheckWithTheDefectsBefore(t *testing.T) {
	s := newStore(t, nil)
	file := writeText(t, "tokens.jsonl", `{"GatewayID":"x"}`+"\n"+strings.Repeat("x", tokenfile.MaxRecordBytes+1)+"\n"+`{"GatewayID":"y"}`+"\n")
	_, err := migrate.Diff(t.Context(), s.c, migrate.Source{Path: file}, migrate.DiffOptions{})
	var d *tokenfile.Defects
	require.ErrorAs(t, err, &d)
	require.Len(t, d.List, 2, "the reading cannot go past a line it could not hold")
	assert.Equal(t, 2, d.List[1].Line)
}
