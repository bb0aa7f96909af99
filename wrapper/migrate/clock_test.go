package migrate_test

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// shiftIntents moves the time of every intent record of the journal by
// offset, as if the run that wrote them had a clock offset off.
func shiftIntents(t *testing.T, journal string, offset time.Duration) {
	t.Helper()
	at := regexp.MustCompile(`"at":([0-9]+)`)
	lines := journalLines(t, journal)
	for i, line := range lines {
		if !strings.Contains(line, `"op":"intent"`) {
			continue
		}
		lines[i] = at.ReplaceAllStringFunc(line, func(m string) string {
			ms, err := strconv.ParseInt(at.FindStringSubmatch(m)[1], 10, 64)
			require.NoError(t, err)
			return `"at":` + strconv.FormatInt(ms+offset.Milliseconds(), 10)
		})
	}
	require.NoError(t, os.WriteFile(journal, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
}

// waits records the longest wait an import notes, and cancels the import
// when one is longer than limit, so that a test of a bounded wait ends.
type waits struct {
	limit   time.Duration
	cancel  context.CancelFunc
	mu      sync.Mutex
	longest time.Duration
}

var noted = regexp.MustCompile(`waiting (\S+) `)

func (w *waits) progress(p migrate.Progress) {
	m := noted.FindStringSubmatch(p.Note)
	if m == nil {
		return
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.longest = max(w.longest, d)
	if d > w.limit {
		w.cancel()
	}
}

func TestAResumedRunTrustsNoClockButItsOwn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration
	}{
		{"the killed run's clock was 10 minutes behind", -10 * time.Minute}, // its creates seemed settled long ago
		{"the killed run's clock was a day ahead", 24 * time.Hour},          // its creates seemed sent tomorrow
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Killed while the array of tokens 11-20 was in flight, unapplied.
			s, path, journal := killedMidArray(t, 45, 10, 2, false)
			shiftIntents(t, journal, tc.offset)
			// That array lands late: after the rerun's listing, before its first create.
			var landed atomic.Bool
			s.misbehave(func(r *http.Request) *sandbox.Fault {
				if r.Method == http.MethodPost && !landed.Swap(true) {
					s.sb.Seed(unsaved(tokens(11, 20))...)
				}
				return nil
			})
			s.n.reset()

			const settle = 200 * time.Millisecond
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := &waits{limit: settle, cancel: cancel}
			res, err := migrate.Import(ctx, s.c, migrate.Source{Path: path},
				migrate.ImportOptions{BulkCreate: 10, Journal: journal, Settle: settle, Progress: w.progress})
			require.NoError(t, err)
			assert.LessOrEqual(t, w.longest, settle, "never a wait longer than one window from the rerun's start")
			requireHolds(t, s.sb, tokens(1, 45)) // each key once: the late array was matched, not sent again
			assert.Equal(t, 10, res.Unchanged, "the answered array the killed run had not yet paired")
			assert.Equal(t, 35, res.Created)
			assert.Equal(t, 3, s.n.count(http.MethodPost), "tokens 21-45, in arrays of 10")
		})
	}
}

func TestAResumedRunWaitsForTheKilledRunsCreatesToLandWhenTheyChangeItsListing(t *testing.T) {
	s, path, journal := killedMidArray(t, 45, 10, 2, false)
	// The killed run's array lands while the rerun lists the store, in
	// three parts: each at the end of one walk, so that no walk adds up.
	late := unsaved(tokens(11, 20))
	parts := [][]int{{0, 4}, {4, 7}, {7, 10}}
	// A walk's end is the first count after one of its pages, however many
	// times a count was sent again.
	var mu sync.Mutex
	sawPage, walks := false, 0
	s.misbehave(func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodGet {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Query().Get("countonly") != "1" {
			sawPage = true
			return nil
		}
		if sawPage && walks < len(parts) {
			p := parts[walks]
			s.sb.Seed(late[p[0]:p[1]]...)
			walks++
		}
		sawPage = false
		return nil
	})
	var notes []string
	res, err := migrate.Import(context.Background(), s.c, migrate.Source{Path: path},
		// A window far longer than a listing, even on a loaded machine: one
		// that has passed when the listing fails is not waited for, nor said.
		migrate.ImportOptions{BulkCreate: 10, Journal: journal, Settle: 2 * time.Second, Progress: func(p migrate.Progress) {
			if p.Note != "" {
				notes = append(notes, p.Note)
			}
		}})
	require.NoError(t, err)
	requireHolds(t, s.sb, tokens(1, 45))
	assert.Equal(t, 20, res.Unchanged, "both arrays of the killed run, found by the listing read after the window")
	assert.Equal(t, 25, res.Created)
	require.NotEmpty(t, notes)
	assert.Contains(t, notes[0], "the store changed while it was read, as the 20 create(s) an earlier run left of unknown outcome may be landing")
}
