package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/shift4shop-go/paymenttokens/internal/safetext"
)

// ioStreams are a run's output streams and the values never to print on them.
type ioStreams struct {
	out, errOut io.Writer
	errMu       sync.Mutex // one line at a time from concurrent requests
	secrets     []string   // values never to print, masked in every error line
}

// noteLine prints one line on stderr, whole even when requests in flight
// print too, with its control characters escaped.
func (s *ioStreams) noteLine(line string) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	fmt.Fprintln(s.errOut, safetext.Escape(line))
}

// redacted is what stands for a credential in a message, as in the library's.
const redacted = "[redacted]"

// mask replaces every credential in msg, leaving the [redacted] marks the
// library already put there as they are (a credential that is a piece of
// the mark would otherwise nest marks).
func (s *ioStreams) mask(msg string) string {
	secrets := slices.DeleteFunc(slices.Clone(s.secrets), func(s string) bool { return s == "" })
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) }) // a secret inside a longer one goes after it
	var pairs []string
	for _, s := range secrets {
		pairs = append(pairs, s, redacted)
	}
	replacer := strings.NewReplacer(pairs...)
	parts := strings.Split(msg, redacted)
	for i, part := range parts {
		parts[i] = replacer.Replace(part)
	}
	return strings.Join(parts, redacted)
}
