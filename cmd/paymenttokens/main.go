// Command paymenttokens exports, imports and compares the payment tokens of a
// 3dcart (Shift4Shop) store, and serves the in-memory sandbox API for tests in
// any language. Run "paymenttokens help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once; the journal makes that safe too
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
