package probe_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/probe"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestAReportRoundTripsThroughItsJSON(t *testing.T) {
	t.Parallel()
	_, c := store(t, sandbox.Behaviour{PageCap: 200, MergePUT: true, ArrayCreate: true}, 600)
	rep, err := probeRun(t, c, true)
	require.NoError(t, err)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.True(t, probe.IsReport(data))
	back, err := probe.ParseReport(data)
	require.NoError(t, err)
	assert.Equal(t, rep, back)
	assert.Equal(t, 200, back.Facts.PageCap)
	assert.True(t, back.Facts.PageCapExact)
	assert.Equal(t, probe.Yes, back.Facts.PUTMerges)
	assert.Equal(t, probe.Yes, back.Facts.ArrayCreate)

	for _, doc := range []string{`{"format":"paymenttokens-probe/2"}`, `{"PaymentTokenID":1}`, `[]`, `not json`} {
		_, err := probe.ParseReport([]byte(doc))
		assert.Error(t, err, doc)
	}
	assert.True(t, probe.IsReport([]byte(`{"format":"paymenttokens-probe/2"}`)), "another version is still a report (--out may replace it)")
	assert.False(t, probe.IsReport([]byte(`{"PaymentTokenID":1}`)))
}
