package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// The migration part runs the real API's pacing (2/s, burst 50) scaled by
// 100 on both sides, so that it takes seconds instead of minutes.
const (
	migrationTokens  = 400
	demoRate         = 200
	demoBurst        = 50
	interruptCreates = 150 // the first import is interrupted after this many creates
)

// migration exports one sandbox store to a file, imports it into another,
// interrupts that import, resumes it from its journal, and diffs the result.
func migration(ctx context.Context, out io.Writer) error {
	fmt.Fprintf(out, "\nMigration between two sandbox stores (pacing %d/s, burst %d: the real limit scaled by 100)\n", demoRate, demoBurst)
	source, src, err := demoStore(sampleTokens(migrationTokens))
	if err != nil {
		return err
	}
	defer source.Close()
	interrupted, interrupt := context.WithCancel(ctx)
	defer interrupt()
	var held func() int // the target's size, for the fault hook, set before any request
	target, dst, err := demoStore(nil, sandbox.WithFaults(interruptAfter(interruptCreates, func() int { return held() }, interrupt)))
	if err != nil {
		return err
	}
	defer target.Close()
	held = func() int { return len(target.Tokens()) }
	dir, err := os.MkdirTemp("", "paymenttokens-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "tokens.jsonl")

	f, err := os.Create(file)
	if err != nil {
		return err
	}
	pl := &progressLines{out: out}
	n, err := migrate.Export(ctx, src, f, migrate.ExportOptions{Format: tokenfile.JSONL, Progress: pl.update})
	pl.flush()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	report(out, "export", "%d tokens to tokens.jsonl  (paymenttokens export -o tokens.jsonl)\n", n)

	// One create at a time in the interrupted run, so that no other create is
	// in flight when the interrupt lands and the report is the same every time.
	// The sandbox applies a create before it answers, so a settle window of a
	// second is past anything that could land late (a real store: the 2 min default).
	opts := migrate.ImportOptions{Journal: file + ".journal", IDMap: file + ".idmap.csv", Concurrency: 1, Settle: time.Second}
	pl = &progressLines{out: out}
	opts.Progress = pl.update
	res, err := migrate.Import(interrupted, dst, migrate.Source{Path: file}, opts)
	pl.flush()
	if !errors.Is(err, context.Canceled) {
		return fmt.Errorf("the interrupted import should end with context.Canceled, got %v", err)
	}
	report(out, "import (interrupted)", "stopped after %d creates, with create %d sent and unanswered\n", res.Created, interruptCreates+1)

	pl = &progressLines{out: out}
	opts.Progress = pl.update
	opts.Concurrency = 4
	res, err = migrate.Import(ctx, dst, migrate.Source{Path: file}, opts)
	pl.flush()
	if err != nil {
		return err
	}
	report(out, "import (resumed)", "created %d, unchanged %d (made by the first run), failed %d; %d of unknown outcome looked up first  (the same command again)\n",
		res.Created, res.Unchanged, res.Failed, res.Reconciled)
	keys := map[string]bool{}
	for _, t := range target.Tokens() {
		keys[fmt.Sprintf("%d/%s/%s", t.GatewayID, t.CustomerProfileID, t.PaymentProfileID)] = true
	}
	report(out, "target", "%d tokens, %d distinct keys\n", len(target.Tokens()), len(keys))
	ids, err := tokenfile.ReadIDMap(opts.IDMap)
	if err != nil {
		return err
	}
	report(out, "id map", "%d rows source_id,target_id in tokens.jsonl.idmap.csv\n", len(ids))

	diff, err := migrate.Diff(ctx, dst, migrate.Source{Path: file}, migrate.DiffOptions{})
	if err != nil {
		return err
	}
	report(out, "diff", "equal=%v: %d same, %d only in file, %d only in store, %d differing  (paymenttokens diff tokens.jsonl)\n",
		diff.Equal(), diff.Same, len(diff.OnlyInFile), len(diff.OnlyInStore), len(diff.Differing))
	report(out, "throttled", "%d requests answered 429 by the target's leaky bucket (waited for and sent again)\n", target.Stats().Throttled)
	return nil
}

// demoStore starts a sandbox holding tokens, with the scaled rate limit, and a client paced to it.
func demoStore(tokens []wrapper.PaymentToken, opts ...sandbox.Option) (*sandbox.Server, *wrapper.Client, error) {
	sb, err := sandbox.New(append(opts, sandbox.WithRateLimit(demoRate, demoBurst))...)
	if err != nil {
		return nil, nil, err
	}
	sb.Seed(tokens...)
	c, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()), wrapper.WithRateLimit(demoRate, demoBurst))
	if err != nil {
		sb.Close()
		return nil, nil, err
	}
	return sb, c, nil
}

// interruptAfter interrupts the import, as Ctrl-C or a crash would, on the
// first create sent once the store holds n tokens, and drops that request's
// connection unanswered, so the import cannot know whether it was applied
// (it was not). It fires once. A create refused with 429 stores nothing, so
// counting the store, not the requests, makes the report the same every run.
func interruptAfter(n int, held func() int, interrupt func()) sandbox.FaultFunc {
	var fired atomic.Bool
	return func(r *http.Request) *sandbox.Fault {
		if r.Method != http.MethodPost || held() < n || !fired.CompareAndSwap(false, true) {
			return nil
		}
		interrupt()
		return &sandbox.Fault{Cut: sandbox.CutBeforeHandling}
	}
}

// progressLines prints a plain line at the end of each phase (when the next
// begins, and at flush) and every 100 tokens within it, then calls also
// (when not nil).
type progressLines struct {
	out   io.Writer
	also  migrate.ProgressFunc
	last  migrate.Progress
	step  int  // the Done of the last line printed within the phase
	shown bool // last has been printed
}

func (pl *progressLines) update(p migrate.Progress) {
	if p.Phase != pl.last.Phase {
		pl.flush()
		pl.step = 0
	}
	if p.Done != pl.last.Done {
		pl.shown = false
	}
	pl.last = p
	if p.Done-pl.step >= 100 && p.Done < p.Total {
		pl.step = p.Done
		pl.print()
	}
	if pl.also != nil {
		pl.also(p)
	}
}

func (pl *progressLines) flush() {
	if pl.last.Phase != "" && !pl.shown {
		pl.print()
	}
}

func (pl *progressLines) print() {
	p := pl.last
	line := fmt.Sprint(p.Done)
	if p.Total > 0 {
		line += fmt.Sprintf("/%d", p.Total)
	}
	line += " tokens"
	if p.Phase == migrate.PhaseWrite {
		line += fmt.Sprintf(" (created %d, unchanged %d)", p.Created, p.Unchanged)
	}
	fmt.Fprintf(pl.out, "  %-6s %s, %s\n", p.Phase, line, p.Elapsed.Round(time.Millisecond))
	pl.shown = true
}
