package probe_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/tests/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
)

func TestTheDefaultSandboxIsAsAssumedForEveryQuestion(t *testing.T) {
	t.Parallel()
	sb, c := store(t, sandbox.Behaviour{}, 600)
	before := sb.Tokens()
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	out, _ := json.MarshalIndent(rep, "", "  ")
	t.Logf("%s", out)
	for _, a := range rep.Answers {
		if a.Question == "empty-list" {
			assert.Equal(t, probe.Unknown, a.Verdict, a.Question)
			continue
		}
		assert.Equal(t, probe.AsAssumed, a.Verdict, a.Question)
		assert.Equal(t, a.Sandbox, a.Store, a.Question)
	}
	assert.False(t, rep.Differs())
	assert.Equal(t, before, sb.Tokens(), "the store ends as it began")
	assert.Empty(t, probeTokens(sb))
}
