package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestWithBehaviourRefusesWhatCannotBeMeant(t *testing.T) {
	t.Parallel()
	const giveBoth = "give both (the offset, and how many records early), or neither"
	for want, b := range map[string]sandbox.Behaviour{
		"PageCap -1: want 0 (off) or more":                       {PageCap: -1},
		"NotFoundOnceAt -2: want 0 (off) or more":                {NotFoundOnceAt: -2},
		"GatewayTimeoutEvery -3: want 0 (off) or more":           {GatewayTimeoutEvery: -3},
		"ApplyLate -1s: want 0 (off) or more":                    {GatewayTimeoutEvery: 2, ApplyLate: -time.Second},
		"CreateDelay -5ms: want 0 (off) or more":                 {CreateDelay: -5 * time.Millisecond},
		"ShiftBy -1: want 0 (off) or more":                       {ShiftOnceAt: 3, ShiftBy: -1},
		"ShiftOnceAt 3 ShiftBy 0: " + giveBoth:                   {ShiftOnceAt: 3},
		"ShiftOnceAt 0 ShiftBy 2: " + giveBoth:                   {ShiftBy: 2},
		"StoreOffset 15h0m0s: want -14h to 14h, as a time zone":  {StoreOffset: 15 * time.Hour},
		"StoreOffset -14h1m0s: want -14h to 14h, as a time zone": {StoreOffset: -14*time.Hour - time.Minute},
	} {
		assert.EqualError(t, b.Check(), "paymenttokens: sandbox.Behaviour: "+want)
		sb, err := sandbox.New(sandbox.WithBehaviour(b))
		assert.Nil(t, sb, want)
		assert.EqualError(t, err, "paymenttokens: sandbox.Behaviour: "+want, "New refuses it, starting nothing")
	}
}

func TestBehaviourErrorNamesTheFieldsTheirValuesAndWhatIsWanted(t *testing.T) {
	t.Parallel()
	var refused *sandbox.BehaviourError
	require.ErrorAs(t, sandbox.Behaviour{ShiftOnceAt: 4}.Check(), &refused)
	assert.Equal(t, &sandbox.BehaviourError{
		Fields: []string{"ShiftOnceAt", "ShiftBy"},
		Values: []any{4, 0},
		Want:   "give both (the offset, and how many records early), or neither",
	}, refused)
	assert.NoError(t, sandbox.Behaviour{ShiftOnceAt: 4, ShiftBy: 1, StoreOffset: -14 * time.Hour, ArrayAnswer: sandbox.AnswerRepeatsFirst}.Check())
}

func TestBehaviourReturnsWhatWasSet(t *testing.T) {
	t.Parallel()
	b := sandbox.Behaviour{PageCap: 3, MergePUT: true, ShiftOnceAt: 2, ShiftBy: 1, CreateDelay: time.Millisecond}
	sb := newSandbox(t, sandbox.WithBehaviour(b))
	defer sb.Close()
	assert.Equal(t, b, sb.Behaviour())
	plain := newSandbox(t)
	defer plain.Close()
	assert.Equal(t, sandbox.Behaviour{}, plain.Behaviour(), "the zero value is the documented API")
}
