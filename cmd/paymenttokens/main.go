// Command paymenttokens exports, imports and compares the payment tokens of a
// 3dcart (Shift4Shop) store, measures how the store's API behaves (probe),
// and serves the in-memory sandbox API for tests in any language. Run "paymenttokens help" for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// drainLimit bounds how long an import waits, after the first interrupt, for
// the answers of its requests in flight before it abandons them.
const drainLimit = 30 * time.Second

// exitGrace is how long a run may take to end after the second interrupt
// before the process exits anyway.
const exitGrace = 5 * time.Second

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	drain := make(chan struct{})
	done := make(chan struct{}) // closed once the run has returned
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		close(drain) // the first: send nothing new, let what is in flight answer
		timer := time.NewTimer(drainLimit)
		select {
		case <-signals: // the second: stop at once; the journal and the settle window keep a rerun exact
		case <-timer.C:
			cancel() // the drain took too long: abandon what is in flight
			return
		case <-done:
			return
		}
		cancel()
		// A run blocked outside a request (in a read that ignores ctx) is
		// stopped all the same: every write is synced before it matters.
		select {
		case <-done:
		case <-time.After(exitGrace):
			fmt.Fprintln(os.Stderr, "paymenttokens: interrupted twice; stopped without waiting further (run the same command again)")
			os.Exit(exitInterrupted)
		}
	}()
	code := runDraining(ctx, drain, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	close(done)
	cancel()
	os.Exit(code)
}
