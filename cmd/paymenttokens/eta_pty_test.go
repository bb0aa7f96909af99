//go:build unix

package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// The pacing of the ETA tests, the sandbox's limit and the tool's alike:
// ten times the API's rate and a fifth of its burst, so that a run shows
// the burst and then the rate within seconds.
const etaRate, etaBurst, etaTokens = "20", "10", 200 // (200 + 2 - 9) / 20: 9.7 s

// writeLine captures a write phase line's count, time left and elapsed.
var writeLine = regexp.MustCompile(`^import write \(created \d+\): (?:\[[= ]*\] )?(\d+)/\d+ tokens \(\d+%\), [\d.]+/s, (?:ETA ([\dhms.]+), )?elapsed ([\dhms.]+)`)

// etaSeen is one drawn or printed write line: done, ETA (-1 without), elapsed.
type etaSeen struct {
	done         int
	eta, elapsed time.Duration
}

// writeLines reads the write phase's lines among texts.
func writeLines(t *testing.T, texts []string) []etaSeen {
	t.Helper()
	var out []etaSeen
	for _, l := range texts {
		m := writeLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		s := etaSeen{eta: -1}
		s.done, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			var err error
			s.eta, err = time.ParseDuration(m[2])
			require.NoError(t, err)
		}
		var err error
		s.elapsed, err = time.ParseDuration(m[3])
		require.NoError(t, err)
		out = append(out, s)
	}
	return out
}

// checkETA holds every estimate from a tenth of the run on to 15 % of the
// time that was in fact left (plus the rounding of what is shown), and
// returns how many it checked.
func checkETA(t *testing.T, seen []etaSeen) int {
	t.Helper()
	require.NotEmpty(t, seen)
	end := seen[len(seen)-1].elapsed // the phase's final line
	checked := 0
	for _, s := range seen {
		truth := end - s.elapsed
		if s.done < etaTokens/10 || s.eta < 0 || truth < time.Second {
			continue
		}
		checked++
		assert.InDelta(t, truth.Seconds(), s.eta.Seconds(), 0.15*truth.Seconds()+0.3, "at %d: ETA %v, %v left in fact", s.done, s.eta, truth)
	}
	return checked
}

func TestTheETAHoldsAtThePacingOnATerminalAndOff(t *testing.T) {
	bin := buildBinary(t)
	t.Run("terminal", func(t *testing.T) {
		t.Parallel()
		sb := newSandboxWith(t, sandbox.WithRateLimit(20, 10))
		defer sb.Close()
		file := writeTokensFile(t, "tokens.jsonl", seedTokens(etaTokens))
		ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
		defer cancel()
		r := startOnPty(t, ctx, bin, sandboxEnv(t, sb), "import", file, "--rate", etaRate, "--burst", etaBurst)
		code, _ := r.wait(t)
		require.Equal(t, exitOK, code, r.out.String())
		assert.Greater(t, checkETA(t, writeLines(t, strings.Split(r.out.String(), eraseLine))), 20, "redrawn often while it ran")
	})
	t.Run("plain", func(t *testing.T) {
		t.Parallel()
		sb := newSandboxWith(t, sandbox.WithRateLimit(20, 10))
		defer sb.Close()
		creds := sb.Credentials()
		base, _ := serveCounted(t, sb)
		env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: base}
		file := writeTokensFile(t, "tokens.jsonl", seedTokens(etaTokens))

		dry := runCLI(t, env, "import", file, "--dry-run", "--rate", etaRate, "--burst", etaBurst)
		require.Equal(t, exitOK, dry.code, dry.stderr)
		m := regexp.MustCompile(`the import would send (\d+) requests: about ([\dhms.]+) at 20 requests/s after a burst of 10`).FindStringSubmatch(dry.stdout)
		require.NotNil(t, m, dry.stdout)
		assert.Equal(t, strconv.Itoa(etaTokens+2), m[1], "the count and one page, then the creates")
		estimate, err := time.ParseDuration(m[2])
		require.NoError(t, err)

		// The dry run's listing filled the sandbox's bucket by two requests:
		// a run started at once would overflow it with its burst (a 429, and
		// a pacer that slows down). The bucket drains in 0.1 s.
		time.Sleep(500 * time.Millisecond)
		r := runCLI(t, env, "import", file, "--rate", etaRate, "--burst", etaBurst)
		require.Equal(t, exitOK, r.code, r.stderr)
		seen := writeLines(t, strings.Split(r.stderr, "\n"))
		assert.Equal(t, 1, checkETA(t, seen), "one line at 5 s, then the last: %s", r.stderr)
		took := seen[len(seen)-1].elapsed
		assert.InDelta(t, took.Seconds(), estimate.Seconds(), 0.15*took.Seconds(), "the dry run's estimate, %v, against the run's %v", estimate, took)
	})
}
