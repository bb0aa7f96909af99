package migrate

import "time"

// recentPace is how far back the pace of the last few seconds looks.
const recentPace = 5 * time.Second

// tracker builds Progress snapshots and calls the ProgressFunc, at most
// every ProgressInterval within a phase and once at its end. It is not safe
// for concurrent use: its owner serializes calls.
type tracker struct {
	fn                      ProgressFunc
	began, phaseBegan, last time.Time
	p                       Progress
	// eta, when set, estimates the rest of a phase, given the estimate
	// from the recent pace (0 while unknown); ok is false when it has none.
	eta     func(p Progress, recent time.Duration) (d time.Duration, ok bool)
	samples []sample // the phase's reports of the last recentPace
}

// sample is the count done at one report.
type sample struct {
	at   time.Time
	done int
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
	t.samples = t.samples[:0]
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

// wait reports at once that the operation waits for what until until, and
// keeps saying so until wait is called with an empty what.
func (t *tracker) wait(what string, until time.Time) {
	t.p.Waiting, t.p.WaitUntil = what, until
	if what == "" {
		t.p.WaitUntil = time.Time{}
	}
	if t.fn != nil {
		t.report()
	}
}

func (t *tracker) report() {
	now := time.Now()
	t.p.Elapsed = now.Sub(t.began)
	t.p.Rate, t.p.ETA = 0, 0
	if secs := now.Sub(t.phaseBegan).Seconds(); secs > 0 && t.p.Done > 0 {
		t.p.Rate = float64(t.p.Done) / secs
	}
	recent := t.recent(now)
	t.p.ETA = recent
	if t.eta != nil {
		if d, ok := t.eta(t.p, recent); ok {
			t.p.ETA = d
		}
	}
	t.last = now
	t.fn(t.p)
}

// recent estimates the rest of the phase from its pace over the last
// recentPace (since the phase began, when it began later): a burst at the
// start of a phase does not make the rest seem faster for long.
func (t *tracker) recent(now time.Time) time.Duration {
	t.samples = append(t.samples, sample{at: now, done: t.p.Done})
	cut := 0
	for cut < len(t.samples)-1 && now.Sub(t.samples[cut+1].at) >= recentPace {
		cut++
	}
	t.samples = t.samples[cut:]
	from := sample{at: t.phaseBegan}
	if now.Sub(t.phaseBegan) >= recentPace {
		from = t.samples[0]
	}
	left, secs := t.p.Total-t.p.Done, now.Sub(from.at).Seconds()
	if left <= 0 || secs <= 0 || t.p.Done <= from.done {
		return 0
	}
	return time.Duration(float64(left) / (float64(t.p.Done-from.done) / secs) * float64(time.Second))
}
