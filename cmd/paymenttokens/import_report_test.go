package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDurationTextDropsZeroMinutesAndSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Minute:              "2m",
		time.Hour:                    "1h",
		time.Hour + time.Minute:      "1h1m",
		90 * time.Second:             "1m30s",
		110 * time.Second:            "1m50s",
		-15 * time.Hour:              "-15h",
		1000 * time.Hour:             "1000h",
		500 * time.Millisecond:       "500ms",
		0:                            "0s",
		time.Hour + 30*time.Second:   "1h0m30s",
		10*time.Minute + time.Second: "10m1s",
	} {
		assert.Equal(t, want, durationText(d), "%v", d)
	}
}
