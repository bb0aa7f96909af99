package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMaskLeavesTheLibrarysMarksWhole(t *testing.T) {
	s := &ioStreams{secrets: []string{"t", "secret-key"}}
	assert.Equal(t, "[redacted]ex[redacted] [redacted] no [redacted]", s.mask("[redacted]ext [redacted] no secret-key"))
}
