package probe_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestTheDefaultSandboxIsAsAssumedForEveryQuestion(t *testing.T) {
	t.Parallel()
	sb, c := store(t, sandbox.Behaviour{}, 600)
	before := sb.Tokens()
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	require.Len(t, rep.Answers, 14)
	for _, a := range rep.Answers {
		if a.Question == "empty-list" {
			assert.EqualValues(t, probe.Unknown, a.Verdict, a.Question)
			continue
		}
		assert.Equal(t, probe.AsAssumed, a.Verdict, a.Question)
		assert.Equal(t, a.Sandbox, a.Store, a.Question)
	}
	assert.False(t, rep.Differs())
	assert.Equal(t, before, sb.Tokens(), "the store ends as it began")
	assert.Empty(t, probeTokens(sb))
	assert.Equal(t, probe.Facts{
		PageCap: 500, LimitOver500: "refused", ListOrderedByID: probe.Yes, IDsOnlyGrow: probe.Yes, PUTMerges: probe.No,
		ArrayCreate: probe.No, BulkPartialStatus: 206, StampsLastUpdate: probe.Yes, StoreUTCOffset: "+00:00", FieldsLost: []string{},
		NotFound:      probe.Shape{Status: 404, Body: "error array", Messages: []string{"No payment tokens found."}},
		OffsetPastEnd: probe.Shape{Status: 400, Body: "error array", Messages: []string{"Offset amount exceeds the total number of records"}},
		DateFormats:   []string{"MM/dd/yyyy HH:mm"}, ThrottleHeaders: []string{}, HeaderNames: []string{"Content-Length", "Content-Type", "Date"},
	}, rep.Facts)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"pageCap":500,"pageCapExact":false,"limitOver500":"refused","listOrderedByID":"yes"`, "stable JSON names")

	empty, c := store(t, sandbox.Behaviour{}, 0)
	rep, err = probeRun(t, c, true)
	require.NoError(t, err)
	a := answers(rep)["empty-list"]
	assert.Equal(t, probe.AsAssumed, a.Verdict)
	assert.Equal(t, a.Sandbox, a.Store)
	assert.Empty(t, empty.Tokens())
}

func TestRunRefusesANilClientWithAnError(t *testing.T) {
	t.Parallel()
	rep, err := probe.Run(t.Context(), nil, probe.Options{})
	require.ErrorContains(t, err, "paymenttokens: probe: the *wrapper.Client is nil")
	assert.Nil(t, rep)
}
