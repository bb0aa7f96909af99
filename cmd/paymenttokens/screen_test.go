package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen replays what a program wrote to a terminal width columns wide and
// returns the lines left on it, without trailing blanks or blank lines at the
// end. It knows what the progress display and the commands write: text, "\r",
// "\n" (a new line, as a tty's output processing turns it into "\r\n") and
// the erasures ESC[K, ESC[0K, ESC[1K, ESC[2K. Text that reaches the last
// column wraps, as on a real terminal. Anything else fails the test.
func screen(t *testing.T, out string, width int) []string {
	t.Helper()
	var lines [][]rune
	row, col := 0, 0
	cell := func() []rune {
		for len(lines) <= row {
			lines = append(lines, nil)
		}
		for len(lines[row]) < width {
			lines[row] = append(lines[row], ' ')
		}
		return lines[row]
	}
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\r':
			col = 0
		case r == '\n':
			row, col = row+1, 0
		case r == '\x1b':
			seq := string(rs[i:min(i+4, len(rs))])
			line := cell()
			switch {
			case strings.HasPrefix(seq, "\x1b[K"), strings.HasPrefix(seq, "\x1b[0K"):
				fill(line[col:], ' ')
			case strings.HasPrefix(seq, "\x1b[1K"):
				fill(line[:min(col+1, width)], ' ')
			case strings.HasPrefix(seq, "\x1b[2K"):
				fill(line, ' ')
			default:
				require.Failf(t, "an escape sequence the model does not know", "%q at %d of %q", seq, i, out)
			}
			i += strings.Index(seq, "K")
		case r < ' ' || r == 0x7f:
			require.Failf(t, "a control character the model does not know", "%q at %d of %q", r, i, out)
		default:
			if col == width { // the cursor waits in the last column; the next character wraps
				row, col = row+1, 0
			}
			cell()[col] = r
			col++
		}
	}
	var text []string
	for _, l := range lines {
		text = append(text, strings.TrimRight(string(l), " "))
	}
	for len(text) > 0 && text[len(text)-1] == "" {
		text = text[:len(text)-1]
	}
	return text
}

// fill sets every cell of line to r.
func fill(line []rune, r rune) {
	for i := range line {
		line[i] = r
	}
}

func TestScreenModel(t *testing.T) {
	assert.Equal(t, []string{"abc", "xyz"}, screen(t, "abcdef\r\x1b[Kabc\nxyz\n\n", 10), "a line redrawn in place")
	assert.Equal(t, []string{"ab   f", "x"}, screen(t, "abcdef\rab\x1b[0Kzz\r\x1b[2K\x1b[1Kab   f\nx", 10))
	assert.Equal(t, []string{"abcd", "ef"}, screen(t, "abcdef", 4), "a long line wraps")
	assert.Empty(t, screen(t, "abcd\r\x1b[K", 4), "nothing left after an erasure")
}
