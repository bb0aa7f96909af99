package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestImportUpdateMakesDiffFindNoDifferenceWhenTheFileLeavesFieldsEmpty(t *testing.T) {
	// The store holds sample tokens 1 and 2 (OrderID 1001 and 1002, GatewayName
	// Authorize.Net); the file leaves both fields of token 1 empty, or has no
	// such field.
	files := map[string]string{
		"empty.jsonl": `{"CustomerID":1,"OrderID":0,"CustomerProfileID":"cust-profile","PaymentProfileID":"pay-profile-1","CardLast4":42,"CardExpMonth":12,"CardExpYear":2030,"GatewayName":"","GatewayID":7}
{"CustomerID":2,"OrderID":1002,"CustomerProfileID":"cust-profile","PaymentProfileID":"pay-profile-2","CardLast4":42,"CardExpMonth":12,"CardExpYear":2030,"GatewayName":"Authorize.Net","GatewayID":7}
`,
		"absent.jsonl": `{"CustomerID":1,"CustomerProfileID":"cust-profile","PaymentProfileID":"pay-profile-1","CardLast4":42,"CardExpMonth":12,"CardExpYear":2030,"GatewayID":7}
{"CustomerID":2,"OrderID":1002,"CustomerProfileID":"cust-profile","PaymentProfileID":"pay-profile-2","CardLast4":42,"CardExpMonth":12,"CardExpYear":2030,"GatewayName":"Authorize.Net","GatewayID":7}
`,
		"empty.csv": "CustomerID,OrderID,CustomerProfileID,PaymentProfileID,CardLast4,CardExpMonth,CardExpYear,GatewayName,GatewayID\n" +
			"1,,cust-profile,pay-profile-1,42,12,2030,,7\n" +
			"2,1002,cust-profile,pay-profile-2,42,12,2030,Authorize.Net,7\n",
		"absent.csv": "CustomerID,CustomerProfileID,PaymentProfileID,CardLast4,CardExpMonth,CardExpYear,GatewayID\n" +
			"1,cust-profile,pay-profile-1,42,12,2030,7\n" +
			"2,cust-profile,pay-profile-2,42,12,2030,7\n",
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			sb, env := newSandbox(t, sandbox.SampleToken(1), sandbox.SampleToken(2))
			file := writeFile(t, name, content)

			r := runCLI(t, env, "diff", file, "--rate", "0", "--quiet")
			require.Equal(t, exitFailed, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stdout, "differs")

			r = runCLI(t, env, "import", file, "--rate", "0", "--quiet")
			require.Equal(t, exitFailed, r.code, "import finds what diff finds, and says so: %s", r.stdout+r.stderr)
			assert.Contains(t, r.stderr, "run again with --update")

			r = runCLI(t, env, "import", file, "--update", "--rate", "0", "--quiet")
			require.Equal(t, exitOK, r.code, r.stdout+r.stderr)

			r = runCLI(t, env, "diff", file, "--rate", "0", "--quiet")
			require.Equal(t, exitOK, r.code, "after import --update diff finds no difference: %s", r.stdout+r.stderr)
			for _, tok := range sb.Tokens() {
				if tok.PaymentProfileID == "pay-profile-1" {
					assert.Equal(t, []any{int32(0), ""}, []any{tok.OrderID, tok.GatewayName}, "cleared")
				}
			}

			r = runCLI(t, env, "import", file, "--rate", "0", "--quiet")
			require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		})
	}
}
