package migrate_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// emptyFieldFiles are files holding tokens 1 and 2 in which token 1 leaves
// OrderID and GatewayName empty, or has no such field at all: what the
// store holds set, the file says the token has none.
var emptyFieldFiles = map[string]string{
	"empty.jsonl": `{"CustomerID":501,"OrderID":0,"CustomerProfileID":"cus_1","PaymentProfileID":"pm_1","CardLast4":1001,"CardExpMonth":2,"CardExpYear":2030,"GatewayName":"","GatewayID":7}
{"CustomerID":502,"OrderID":9002,"CustomerProfileID":"cus_2","PaymentProfileID":"pm_2","CardLast4":1002,"CardExpMonth":3,"CardExpYear":2030,"GatewayName":"Stripe","GatewayID":7}
`,
	"absent.jsonl": `{"CustomerID":501,"CustomerProfileID":"cus_1","PaymentProfileID":"pm_1","CardLast4":1001,"CardExpMonth":2,"CardExpYear":2030,"GatewayID":7}
{"CustomerID":502,"OrderID":9002,"CustomerProfileID":"cus_2","PaymentProfileID":"pm_2","CardLast4":1002,"CardExpMonth":3,"CardExpYear":2030,"GatewayName":"Stripe","GatewayID":7}
`,
	"empty.csv": "CustomerID,OrderID,CustomerProfileID,PaymentProfileID,CardLast4,CardExpMonth,CardExpYear,GatewayName,GatewayID,BillingPaymentMethodID\n" +
		"501,,cus_1,pm_1,1001,2,2030,,7,\n" +
		"502,9002,cus_2,pm_2,1002,3,2030,Stripe,7,\n",
	"absent.csv": "CustomerID,CustomerProfileID,PaymentProfileID,CardLast4,CardExpMonth,CardExpYear,GatewayID\n" +
		"501,cus_1,pm_1,1001,2,2030,7\n" +
		"502,cus_2,pm_2,1002,3,2030,7\n",
}

func TestDiffAndImportAgreeOnFieldsTheFileLeavesEmpty(t *testing.T) {
	for name, content := range emptyFieldFiles {
		t.Run(name, func(t *testing.T) {
			s := newStore(t, nil)
			s.sb.Seed(unsaved(tokens(1, 2))...)
			src := migrate.Source{Path: writeText(t, name, content)}
			ctx := context.Background()

			d, err := migrate.Diff(ctx, s.c, src, migrate.DiffOptions{})
			require.NoError(t, err)
			require.NotEmpty(t, d.Differing)
			require.Equal(t, []string{"GatewayName", "OrderID"}, changed(d.Differing[0].Changes))

			res, err := migrate.Import(ctx, s.c, src, migrate.ImportOptions{})
			require.NoError(t, err)
			assert.Equal(t, len(d.Differing), res.Differing, "import finds what diff finds")
			assert.Equal(t, d.Same, res.Unchanged)
			require.Len(t, res.Differences, len(d.Differing))
			assert.Equal(t, d.Differing[0].Changes, res.Differences[0].Changes)
			assert.Zero(t, s.n.writes(), "without Update nothing is written")

			res, err = migrate.Import(ctx, s.c, src, migrate.ImportOptions{Update: true})
			require.NoError(t, err)
			assert.Equal(t, len(d.Differing), res.Updated, "what diff calls differing is what an update rewrites")

			d, err = migrate.Diff(ctx, s.c, src, migrate.DiffOptions{})
			require.NoError(t, err)
			assert.True(t, d.Equal(), "after the update diff finds no difference: %+v", d.Differing)
			got := byKey(t, s.sb.Tokens())["pm_1"]
			assert.Equal(t, []any{int32(0), ""}, []any{got.OrderID, got.GatewayName}, "cleared")

			res, err = migrate.Import(ctx, s.c, src, migrate.ImportOptions{Update: true})
			require.NoError(t, err)
			assert.Equal(t, []int{2, 0}, []int{res.Unchanged, res.Updated}, "nothing more to do")
		})
	}
}

func TestAnUpdateTheStoreDoesNotClearFailsWhenMergingWasNotKnown(t *testing.T) {
	count, reads := readsByID()
	s := newStoreBehaving(t, sandbox.Behaviour{MergePUT: true}, count)
	s.sb.Seed(unsaved(tokens(1, 2))...)
	file := tokens(1, 2)
	file[0].OrderID = 0
	file[1].GatewayName = "Braintree"
	src := migrate.Source{Path: writeTokens(t, "t.jsonl", file)}
	want := [][]int{{1, 1, 0}, {0, 1, 1}} // token 2's update is made once; token 1 fails every run
	for run := range 2 {
		s.n.reset()
		reads.Store(0)
		res, err := migrate.Import(context.Background(), s.c, src, migrate.ImportOptions{Update: true})
		require.ErrorIs(t, err, migrate.ErrSomeFailed, "run %d", run)
		assert.Equal(t, want[run], []int{res.Updated, res.Failed, res.Unchanged}, "run %d", run)
		require.Len(t, res.Failures, 1)
		assert.Equal(t, 1, res.Failures[0].Line)
		assert.Contains(t, res.Failures[0].Reason, "the target kept OrderID")
		assert.Equal(t, 1, s.n.count(http.MethodPut))
		assert.Equal(t, int32(1), reads.Load(), "one token read back")
	}
	d, err := migrate.Diff(context.Background(), s.c, src, migrate.DiffOptions{})
	require.NoError(t, err)
	require.Len(t, d.Differing, 1, "diff agrees: the token still differs")
	assert.Equal(t, 1, d.Differing[0].Line)
}

func TestAnUpdateIsReadBackOnceARun(t *testing.T) {
	count, reads := readsByID()
	s := newStore(t, count) // PUT replaces
	s.sb.Seed(unsaved(tokens(1, 3))...)
	file := tokens(1, 3)
	for i := range file {
		file[i].OrderID = 0
	}
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: writeTokens(t, "t.jsonl", file)}, migrate.ImportOptions{Update: true})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Updated)
	assert.Equal(t, int32(1), reads.Load(), "the first update that clears a field is read back, and then trusted")
}

// readsByID returns a fault hook that counts the requests that read one
// token by id, and their count.
func readsByID() (sandbox.FaultFunc, *atomic.Int32) {
	var n atomic.Int32
	return func(r *http.Request) *sandbox.Fault {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, contract.BasePath+"/PaymentTokens/") {
			n.Add(1)
		}
		return nil
	}, &n
}

// changed names the fields of changes.
func changed(changes []migrate.FieldDiff) []string {
	var names []string
	for _, c := range changes {
		names = append(names, c.Field)
	}
	return names
}
