package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func TestWithBehaviourRefusesWhatCannotBeMeant(t *testing.T) {
	t.Parallel()
	for want, b := range map[string]sandbox.Behaviour{
		"PageCap is negative (-1); want 0 (off) or more":             {PageCap: -1},
		"NotFoundOnceAt is negative (-2); want 0 (off) or more":      {NotFoundOnceAt: -2},
		"GatewayTimeoutEvery is negative (-3); want 0 (off) or more": {GatewayTimeoutEvery: -3},
		"ApplyLate is negative (-1s); want 0 (off) or more":          {GatewayTimeoutEvery: 2, ApplyLate: -time.Second},
		"CreateDelay is negative (-5ms); want 0 (off) or more":       {CreateDelay: -5 * time.Millisecond},
		"ShiftBy is negative (-1); want 0 (off) or more":             {ShiftOnceAt: 3, ShiftBy: -1},
		"ShiftOnceAt 3 and ShiftBy 0: set both, or neither":          {ShiftOnceAt: 3},
		"ShiftOnceAt 0 and ShiftBy 2: set both, or neither":          {ShiftBy: 2},
		"StoreOffset 15h0m0s: want -14h to 14h, as a time zone":      {StoreOffset: 15 * time.Hour},
		"StoreOffset -14h1m0s: want -14h to 14h, as a time zone":     {StoreOffset: -14*time.Hour - time.Minute},
	} {
		assert.PanicsWithValue(t, "paymenttokens: sandbox.WithBehaviour: "+want, func() { sandbox.WithBehaviour(b) }, want)
	}
}

func TestBehaviourReturnsWhatWasSet(t *testing.T) {
	t.Parallel()
	b := sandbox.Behaviour{PageCap: 3, MergePUT: true, ShiftOnceAt: 2, ShiftBy: 1, CreateDelay: time.Millisecond}
	sb := sandbox.New(sandbox.WithBehaviour(b))
	defer sb.Close()
	assert.Equal(t, b, sb.Behaviour())
	plain := sandbox.New()
	defer plain.Close()
	assert.Equal(t, sandbox.Behaviour{}, plain.Behaviour(), "the zero value is the documented API")
}
