//go:build unix

package main

import (
	"context"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// ptyWidth is the width of the test's terminal: room for a bar beside the labels.
const ptyWidth = 110

// onPty is the real binary running with stdout and stderr on a pseudo-terminal.
type onPty struct {
	cmd    *exec.Cmd
	out    syncBuffer    // everything written to the terminal
	copied chan struct{} // closed when the terminal has nothing more to read
}

// startOnPty starts bin with args and env on a new terminal ptyWidth wide.
func startOnPty(t *testing.T, ctx context.Context, bin string, env []string, args ...string) *onPty {
	t.Helper()
	master, tty, err := pty.Open()
	require.NoError(t, err)
	t.Cleanup(func() { _ = master.Close() })
	require.NoError(t, pty.Setsize(master, &pty.Winsize{Rows: 40, Cols: ptyWidth}))
	r := &onPty{cmd: exec.CommandContext(ctx, bin, args...), copied: make(chan struct{})}
	r.cmd.Env, r.cmd.Stdout, r.cmd.Stderr = append(env, "TERM=xterm"), tty, tty
	err = r.cmd.Start()
	_ = tty.Close() // the child holds it: reading ends when the child is gone
	require.NoError(t, err)
	go func() {
		defer close(r.copied)
		_, _ = io.Copy(&r.out, master) // ends with EIO once no process holds the terminal
	}()
	return r
}

// wait waits for the command and for everything it wrote, and returns its
// exit status and the terminal's screen.
func (r *onPty) wait(t *testing.T) (int, []string) {
	t.Helper()
	code := exitCode(t, r.cmd.Wait())
	select {
	case <-r.copied:
	case <-time.After(5 * time.Second):
		require.Fail(t, "the terminal was not closed 5 s after the command ended")
	}
	return code, screen(t, r.out.String(), ptyWidth)
}

// phaseLine matches a progress line of import and captures its phase.
var phaseLine = regexp.MustCompile(`^import (check|list|write|settle|prune)\b`)

// phaseLines returns the index of each progress line of lines by phase,
// failing the test when a phase has more than one or one reaches the last
// columns (other lines may wrap).
func phaseLines(t *testing.T, lines []string) map[string]int {
	t.Helper()
	byPhase := map[string]int{}
	for i, l := range lines {
		if m := phaseLine.FindStringSubmatch(l); m != nil {
			assert.NotContains(t, byPhase, m[1], "one line per phase:\n%s", strings.Join(lines, "\n"))
			assert.LessOrEqual(t, len([]rune(l)), ptyWidth-spareColumns, "a progress line never reaches the last columns: %q", l)
			byPhase[m[1]] = i
		}
	}
	return byPhase
}

func TestProgressOnATerminal(t *testing.T) {
	bin := buildBinary(t)

	t.Run("import", func(t *testing.T) { // one line per phase, its summary below
		sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(50*time.Millisecond))) // 40 creates, 4 at a time: 0.5 s of redraws
		defer sb.Close()
		file := writeTokensFile(t, "tokens.jsonl", seedTokens(40))
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		r := startOnPty(t, ctx, bin, sandboxEnv(t, sb), "import", file, "--rate", "0")
		code, lines := r.wait(t)
		require.Equal(t, exitOK, code, r.out.String())

		phases := phaseLines(t, lines)
		require.Equal(t, map[string]int{"check": 0, "list": 1, "write": 2}, phases,
			"check, list and write ran, in this order; nothing else is drawn:\n%s", strings.Join(lines, "\n"))
		assert.Regexp(t, `^import check: 40 tokens, `, lines[0])
		assert.Regexp(t, `^import list: 0 tokens, `, lines[1])
		assert.Regexp(t, `^import write \(created 40\): \[=+\] 40/40 tokens \(100%\), `, lines[2])
		assert.Greater(t, strings.Count(r.out.String(), "import write"), 2, "the write line was redrawn in place while it ran")
		require.Greater(t, len(lines), 3, strings.Join(lines, "\n"))
		assert.True(t, strings.HasPrefix(lines[3], "import "+file+": 40 tokens: created 40, "),
			"the summary starts on a line of its own: %q", lines[3])
		assert.Len(t, sb.Tokens(), 40)
	})

	t.Run("interrupted", func(t *testing.T) { // the real count, not 100 %
		sb := newSandboxWith(t, sandbox.WithFaults(slowCreates(100*time.Millisecond))) // 200 creates, 4 at a time: 5 s
		defer sb.Close()
		file := writeTokensFile(t, "tokens.jsonl", seedTokens(200))
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		r := startOnPty(t, ctx, bin, sandboxEnv(t, sb), "import", file, "--rate", "0")
		writing := regexp.MustCompile(`import write \(created \d+\)`)
		for i := 0; i < 500 && !writing.MatchString(r.out.String()); i++ { // at most 5 s
			time.Sleep(10 * time.Millisecond)
		}
		require.Regexp(t, writing, r.out.String(), "the write phase did not start within 5 s")
		require.NoError(t, r.cmd.Process.Signal(syscall.SIGINT))
		code, lines := r.wait(t)
		require.Equal(t, exitInterrupted, code, r.out.String())

		phases := phaseLines(t, lines)
		w := phases["write"] // after the notice, which may wrap
		require.Equal(t, map[string]int{"check": 0, "list": 1, "write": w}, phases, strings.Join(lines, "\n"))
		m := regexp.MustCompile(`^import write \(created (\d+)\): \[=* +\] (\d+)/200 tokens \(\d+%\) interrupted, `).FindStringSubmatch(lines[w])
		require.NotNil(t, m, "the write line: %q", lines[w])
		created, _ := strconv.Atoi(m[1])
		done, _ := strconv.Atoi(m[2])
		assert.Equal(t, len(sb.Tokens()), created, "the creates the store holds")
		assert.Equal(t, created, done)
		assert.Less(t, done, 200)
		assert.NotContains(t, strings.Join(lines, "\n"), "100%")
		assert.True(t, strings.HasPrefix(lines[2], "interrupted: sending nothing new; "), "the notice on a line of its own, above the bar: %q", lines[2])
		require.Greater(t, len(lines), w+1, strings.Join(lines, "\n"))
		assert.True(t, strings.HasPrefix(lines[w+1], "paymenttokens import: interrupted; run the same command again"),
			"the error on a line of its own, below the bar: %q", lines[w+1])
	})
}
