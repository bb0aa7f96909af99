package main

import (
	"log/slog"
	"strings"
)

// requestLog is the --verbose logger: one line per HTTP attempt (and per
// retry) on stderr, above the progress line when there is one. The wrapper
// logs no header, body or error text (see wrapper.WithLogger).
func (c *cli) requestLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(logLines{c}, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{} // the duration says what matters
			}
			return a
		},
	}))
}

// logLines writes each record through the command's progress display.
type logLines struct{ c *cli }

func (l logLines) Write(p []byte) (int, error) {
	line := strings.TrimRight(string(p), "\n")
	if shown := l.c.progress.shown.Load(); shown != nil {
		shown.message(line)
	} else {
		l.c.io.noteLine(line)
	}
	return len(p), nil
}
