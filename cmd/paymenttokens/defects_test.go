package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

func TestImportListsEveryDefectOfTheFileOnALineEach(t *testing.T) {
	sb, env, _ := countedSandbox(t, nil)
	good := `{"GatewayID":1,"CustomerProfileID":"c","PaymentProfileID":"p1"}`
	file := writeFile(t, "tokens.jsonl", good+"\n"+`{"GatewayID":"two"}`+"\n"+good+"\n")
	r := runCLI(t, env, "import", file)
	require.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "import check: 1 token stopped", "one token, and the phase stopped")
	assert.Contains(t, r.stderr, "paymenttokens import: "+file+": 2 defects, nothing was sent; fix them all and run the same command again:\n"+
		"  "+file+":2: field GatewayID: ")
	assert.Contains(t, r.stderr, "\n  "+file+": lines 1 and 3 have the same key ")
	assert.Zero(t, sb.Stats().Writes())

	r = runCLI(t, env, "import", file, "--json")
	require.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, decodeDocument(t, r.stdout)["error"], file+": 2 defects: "+file+":2: field GatewayID: ", "the document has them on its one line")
}

func TestDefectsPastTheCapAreCountedOnTheLastLine(t *testing.T) {
	_, env, _ := countedSandbox(t, nil)
	file := writeFile(t, "tokens.jsonl", strings.Repeat(`{"GatewayID":"x"}`+"\n", tokenfile.MaxDefects+3))
	r := runCLI(t, env, "diff", file, "--quiet")
	require.Equal(t, exitUsage, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.Len(t, lines, tokenfile.MaxDefects+2, r.stderr)
	assert.Equal(t, fmt.Sprintf("  and 3 more (a run lists the first %d)", tokenfile.MaxDefects), lines[len(lines)-1])
}
