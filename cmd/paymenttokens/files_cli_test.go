package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// csvHeader is the header of the CSV files these tests write by hand.
const csvHeader = "GatewayID,CustomerProfileID,PaymentProfileID,GatewayName\n"

func TestADefectiveFileExits2NamingFileLineAndFieldWithoutARequest(t *testing.T) {
	for name, tc := range map[string]struct{ content, want string }{
		"key.csv":      {csvHeader + "7,cus,pm_1,Stripe\n7,cus,pm_\xe9,Stripe\n", ":3: field PaymentProfileID: not valid UTF-8: byte 0xE9 at byte 4 of the value"},
		"twice.jsonl":  {"{\"GatewayID\":7,\"PaymentProfileID\":\"pm_1\",\"GatewayID\":8}\n", ":1: field GatewayID: the field appears twice in the object"},
		"latin1.jsonl": {"{\"GatewayID\":7,\"PaymentProfileID\":\"pm_\xe9\"}\n", ":1: field PaymentProfileID: not valid UTF-8: byte 0xE9 at byte 39 of the line"},
	} {
		t.Run(name, func(t *testing.T) {
			target, env := newSandbox(t)
			file := writeFile(t, name, tc.content)
			for _, cmd := range []string{"import", "diff"} {
				r := runCLI(t, env, cmd, file, "--quiet")
				assert.Equal(t, exitUsage, r.code, r.stderr)
				assert.Equal(t, "paymenttokens "+cmd+": "+file+tc.want, strings.SplitN(r.stderr, ";", 2)[0], r.stderr)
			}
			assert.Zero(t, target.Stats().Requests, "nothing is sent")
			assert.Empty(t, target.Tokens())
		})
	}
}

func TestAHugeCellOrLineIsRefusedAtOnce(t *testing.T) {
	huge := strings.Repeat("x", 10<<20)
	for name, tc := range map[string]struct{ content, want string }{
		"cell.csv":   {csvHeader + "7,cus," + huge + ",Stripe\n", ":2: field PaymentProfileID: the value is longer than 1024 bytes"},
		"line.jsonl": {"{\"GatewayID\":7,\"PaymentProfileID\":\"" + huge + "\"}\n", ":1: the line is longer than 65536 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			target, env := newSandbox(t)
			file := writeFile(t, name, tc.content)
			start := time.Now()
			r := runCLI(t, env, "import", file, "--quiet")
			assert.Less(t, time.Since(start), 5*time.Second, "the check stops at the cap, it does not read the 10 MB")
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, file+tc.want)
			assert.Less(t, len(r.stderr), 1000, "the value is not echoed")
			assert.Zero(t, target.Stats().Requests)
		})
	}
}

func TestACRLFInAQuotedValueIsImportedExactly(t *testing.T) {
	target, env := newSandbox(t)
	file := writeFile(t, "crlf.csv", "\ufeff"+strings.ReplaceAll(csvHeader, "\n", "\r\n")+"7,cus,\"pm\r\n1\",\"Line 1\r\nLine 2\"\r\n")
	r := runCLI(t, env, "import", file, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Len(t, target.Tokens(), 1)
	stored := target.Tokens()[0]
	assert.Equal(t, "pm\r\n1", stored.PaymentProfileID)
	assert.Equal(t, "Line 1\r\nLine 2", stored.GatewayName)

	r = runCLI(t, env, "diff", file, "--quiet")
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.Equal(t, "diff "+file+": the file and the store hold the same 1 tokens\n", r.stdout)
	r = runCLI(t, env, "import", file, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "created 0, updated 0, unchanged 1", "the key matches: the token is not created twice")
	assert.Len(t, target.Tokens(), 1)
}

func TestAnExportedCSVIsSafeInASpreadsheetAndImportsBackExactly(t *testing.T) {
	tricky := []wrapper.PaymentToken{
		{GatewayID: 7, CustomerProfileID: "=HYPERLINK(\"http://x\",\"y\")", PaymentProfileID: "+1-2", GatewayName: "@SUM(A1)", CustomerID: 3},
		{GatewayID: 7, CustomerProfileID: "-cus", PaymentProfileID: "'quoted", GatewayName: "\tTab", OrderID: 5},
		{GatewayID: 7, CustomerProfileID: "\rcr", PaymentProfileID: "=" + strings.Repeat("9", 49), GatewayName: "''"},
	}
	_, srcEnv := newSandbox(t, tricky...)
	file := filepath.Join(t.TempDir(), "tokens.csv")
	r := runCLI(t, srcEnv, "export", "-o", file, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)

	content, err := os.ReadFile(file)
	require.NoError(t, err)
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" {
				assert.NotContains(t, "=+-@\t\r", cell[:1], "a spreadsheet would run %q", cell)
			}
		}
	}

	target, dstEnv := newSandbox(t)
	r = runCLI(t, dstEnv, "import", file, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	got := map[string]wrapper.PaymentToken{} // by key: the creates run concurrently
	for _, tok := range target.Tokens() {
		tok.PaymentTokenID, tok.LastUpdate = 0, wrapper.DateTime{}
		got[tok.PaymentProfileID] = tok
	}
	require.Len(t, got, len(tricky))
	for _, want := range tricky {
		assert.Equal(t, want, got[want.PaymentProfileID])
	}
}

func TestAnIDMapSavedByASpreadsheetIsRead(t *testing.T) {
	target, env := newSandbox(t)
	file := writeTokensFile(t, "tokens.csv", seedTokens(2))
	customers := writeFile(t, "customers.csv", "\ufeffsource_id, target_id\r\n1,101\r\n2,102\r\n")
	r := runCLI(t, env, "import", file, "--customer-map", customers, "--quiet")
	require.Equal(t, exitOK, r.code, r.stderr)
	ids := map[int32]bool{}
	for _, tok := range target.Tokens() {
		ids[tok.CustomerID] = true
	}
	assert.Equal(t, map[int32]bool{101: true, 102: true}, ids)
}

func TestDiffEscapesControlCharactersFromTheStore(t *testing.T) {
	evil := sandbox.SampleToken(1)
	evil.GatewayName = "\x1b[2J\u202eevil\a"
	_, env := newSandbox(t, evil)
	file := writeTokensFile(t, "tokens.jsonl", []wrapper.PaymentToken{sandbox.SampleToken(1)})
	r := runCLI(t, env, "diff", file, "--quiet")
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stdout, `GatewayName file Authorize.Net, store \x1b[2J\u202eevil\a`)
	assert.False(t, strings.ContainsFunc(r.stdout, func(c rune) bool { return c != '\n' && safetext.Unsafe(c) }), "%q", r.stdout)
}
