package migrate

import "time"

// tracker builds Progress snapshots and calls the ProgressFunc, at most
// every ProgressInterval within a phase and once at its end. It is not safe
// for concurrent use: its owner serializes calls.
type tracker struct {
	fn                      ProgressFunc
	began, phaseBegan, last time.Time
	p                       Progress
}

func newTracker(fn ProgressFunc) *tracker {
	now := time.Now()
	return &tracker{fn: fn, began: now, phaseBegan: now}
}

// begin ends the current phase (reporting it) and starts ph with total items.
func (t *tracker) begin(ph Phase, total int) {
	t.end()
	t.p.Phase, t.p.Done, t.p.Total = ph, 0, total
	t.phaseBegan = time.Now()
	t.last = time.Time{}
}

// tick reports when ProgressInterval has passed since the last report.
func (t *tracker) tick() {
	if t.fn != nil && time.Since(t.last) >= ProgressInterval {
		t.report()
	}
}

// done records how many items of the phase are done and reports when due.
func (t *tracker) done(n int) {
	t.p.Done = n
	t.tick()
}

// end reports the current phase's final state.
func (t *tracker) end() {
	if t.fn != nil && t.p.Phase != "" {
		t.report()
	}
}

// note reports a message for the user at once.
func (t *tracker) note(msg string) {
	if t.fn == nil {
		return
	}
	t.p.Note = msg
	t.report()
	t.p.Note = ""
}

func (t *tracker) report() {
	now := time.Now()
	t.p.Elapsed = now.Sub(t.began)
	t.p.Rate, t.p.ETA = 0, 0
	if secs := now.Sub(t.phaseBegan).Seconds(); secs > 0 && t.p.Done > 0 {
		t.p.Rate = float64(t.p.Done) / secs
		if left := t.p.Total - t.p.Done; left > 0 {
			t.p.ETA = time.Duration(float64(left) / t.p.Rate * float64(time.Second))
		}
	}
	t.last = now
	t.fn(t.p)
}
