// Command paymenttokens exports, imports and compares the payment tokens of a
// 3dcart (Shift4Shop) store, measures how the store's API behaves (probe),
// and serves the in-memory sandbox API for tests in any language. Run "paymenttokens help" for the commands.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	h := newInterrupts(cancel)
	h.notify()
	go h.watch()
	code := runDraining(ctx, h, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	close(h.done)
	cancel()
	os.Exit(code)
}
