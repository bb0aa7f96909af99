package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// drainLimit bounds how long an import waits, after the first signal, for
// the answers of its requests in flight before it abandons them.
const drainLimit = 30 * time.Second

// exitGrace is how long a run may take to end after the second signal
// before the process exits anyway.
const exitGrace = 5 * time.Second

// signalStatus is the exit status of a run each signal stopped: 128 and the
// signal's number, as a shell reports a process the signal ended. Every one
// stops a run the same way: SIGHUP (the terminal or the ssh session went
// away) and SIGQUIT (Ctrl-\, which would otherwise dump the goroutines and
// exit 2 after writes) included.
var signalStatus = map[os.Signal]int{
	syscall.SIGHUP:  exitHangup,
	os.Interrupt:    exitInterrupted,
	syscall.SIGQUIT: exitQuit,
	syscall.SIGTERM: exitTerminated,
}

// interrupts turns the signals a run receives into its drain and its end:
// the first closes drain (an import sends nothing new and waits up to
// drainLimit for the answers in flight; every other command stops), the
// second, or the end of the drain limit, cancels the run's context, and a
// run still going exitGrace after the second signal is ended with exit.
// Signals are handled until the run returns, whatever came before.
type interrupts struct {
	signals    chan os.Signal
	drain      chan struct{} // closed on the first signal
	done       chan struct{} // closed once the run has returned
	first      atomic.Int32  // the exit status the first signal calls for; 0 before it
	cancel     context.CancelFunc
	drainLimit time.Duration
	exitGrace  time.Duration
	stderr     io.Writer
	exit       func(code int)
	lastWords  atomic.Pointer[func()] // run before exit: the run's --json document
}

// hardExitMessage is what a run ended exitGrace after the second signal says.
const hardExitMessage = "interrupted twice; stopped without waiting further (run the same command again)"

// setLastWords sets what watch runs before it ends the process itself.
func (h *interrupts) setLastWords(f func()) { h.lastWords.Store(&f) }

// newInterrupts returns the handler of a run whose context cancel ends; watch starts it.
func newInterrupts(cancel context.CancelFunc) *interrupts {
	return &interrupts{
		signals: make(chan os.Signal, 2), drain: make(chan struct{}), done: make(chan struct{}),
		cancel: cancel, drainLimit: drainLimit, exitGrace: exitGrace, stderr: os.Stderr, exit: os.Exit,
	}
}

// notify routes the signals of signalStatus to h, for the whole run.
func (h *interrupts) notify() {
	for sig := range signalStatus {
		signal.Notify(h.signals, sig)
	}
}

// status is the exit status of a run stopped by a signal: the first
// signal's, or exitInterrupted when none came (a context ended otherwise).
func (h *interrupts) status() int {
	if h == nil || h.first.Load() == 0 {
		return exitInterrupted
	}
	return int(h.first.Load())
}

// watch handles the signals until the run returns (h.done is closed).
func (h *interrupts) watch() {
	var sig os.Signal
	select {
	case sig = <-h.signals:
	case <-h.done:
		return
	}
	h.first.Store(int32(signalStatus[sig]))
	if sig == syscall.SIGHUP {
		// The terminal is gone: a write to it must fail, not end the
		// process with SIGPIPE before the drain and the journal are done.
		signal.Ignore(syscall.SIGPIPE)
	}
	close(h.drain) // send nothing new, let what is in flight answer
	timer := time.NewTimer(h.drainLimit)
	defer timer.Stop()
	select {
	case <-h.signals: // the second: stop at once; the journal and the settle window keep a rerun exact
	case <-timer.C:
		h.cancel() // the drain took too long: abandon what is in flight
		select {   // and still listen: a signal stops a run that does not end
		case <-h.signals:
		case <-h.done:
			return
		}
	case <-h.done:
		return
	}
	h.cancel()
	// A run blocked outside a request (in a read that ignores ctx) is
	// stopped all the same: every write is synced before it matters.
	grace := time.NewTimer(h.exitGrace)
	defer grace.Stop()
	select {
	case <-h.done:
	case <-grace.C:
		fmt.Fprintln(h.stderr, "paymenttokens: "+hardExitMessage)
		if f := h.lastWords.Load(); f != nil {
			(*f)()
		}
		h.exit(h.status())
	}
}
