package migrate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shift4shop-go/paymenttokens/internal/safefile"
	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// updateBatch is how many updates are handed to UpdateMany at once (it
// sends them in requests of the client's WithBatchSize).
const updateBatch = wrapper.MaxLimit

// importer is one run of Import.
type importer struct {
	c    *wrapper.Client
	src  Source
	opts ImportOptions

	journal   *journal        // nil without a journal or in a dry run
	storeLock storeLock       // held for the run (lockStore); nil when none was taken
	lease     StoreLease      // held for the run (opts.Lease); nil when none was taken
	parking   queue[parked]   // creates whose outcome is unknown
	answers   queue[answered] // answered arrays whose tokens are not yet paired with their ids
	started   time.Time       // when Import was called, with the monotonic reading that settle windows count from

	// merges says that the target's PUT keeps the fields a PUT leaves
	// empty: given (ImportOptions.PUTMerges) or learned (learnMerges);
	// mergesKnown says that it is no longer in doubt. Both are used by the
	// goroutine that plans and updates only.
	merges, mergesKnown bool

	mu     sync.Mutex // guards what follows, and serializes progress calls
	tr     *tracker
	res    *ImportResult
	idmap  *safefile.File // nil without an id map or in a dry run
	idrows *tokenfile.IDMapWriter
	failed error // the first error that stops the run
	cancel context.CancelCauseFunc

	ahead         ahead // what is still to be sent, for the estimate of the time left (eta)
	listed        int   // the tokens the target's listing held
	unreachable   int   // requests in a row that could not reach the API
	arrayRefusals int   // tokens of arrays the API refused (ImportResult.ArraysRefused)
}

// tokenJob is one file token to write, with what is known of it.
type tokenJob struct {
	item Item
	tok  wrapper.PaymentToken
	d    keyDigest
}

func (im *importer) run(ctx context.Context) (*ImportResult, error) {
	ctx, im.cancel = context.WithCancelCause(ctx)
	defer im.cancel(nil)
	defer im.watchLease()()

	im.tr.begin(PhaseCheck, 0)
	ck, err := im.src.check(ctx, im.tr.done)
	if err != nil {
		return nil, err
	}
	defer ck.close()
	im.res.Tokens = ck.tokens
	if im.opts.Prune && ck.tokens == 0 {
		return nil, fmt.Errorf("paymenttokens: %s: %w: the file holds no token, so prune would delete every token of the store; check the file, or delete the tokens otherwise if that is what you want", im.src.Path, ErrPruneRefused)
	}
	if im.opts.Prune && ck.unkeyed > 0 {
		return nil, fmt.Errorf("paymenttokens: %s: %w: %d token(s) (first on line %d) have a key field whose id is not in its map, so their key in the target is unknown and prune could delete their counterparts; complete the map or import without prune",
			im.src.Path, ErrPruneRefused, ck.unkeyed, ck.firstUnkeyed)
	}
	if err := im.journal.sameFile(ck.sum); err != nil {
		return nil, err
	}

	im.tr.begin(PhaseList, 0)
	ix, err := im.listTarget(ctx, ck.key)
	if err != nil {
		return nil, err
	}
	if err := im.checkPruneLimit(ck, ix); err != nil {
		return nil, err
	}
	if !im.opts.DryRun && im.opts.IDMap != "" {
		if im.idmap, err = safefile.Create(im.opts.IDMap); err != nil {
			return nil, err
		}
		defer im.idmap.Abort()
		im.idrows = tokenfile.NewIDMapWriter(im.idmap, im.c.StoreDigest())
	}

	im.ahead.plan(ck, ix)
	im.listed = ix.count
	im.tr.begin(PhaseWrite, ck.tokens)
	im.write(ctx, ck, ix)
	if !im.stopping(ctx) {
		ix = im.settle(ctx, ix)
	}
	if im.opts.Prune && !im.stopping(ctx) {
		absent := ix.absent(ck.lines)
		im.tr.begin(PhasePrune, len(absent))
		im.prune(ctx, ck.key, absent)
	}
	if err := im.stopped(ctx); err != nil {
		return im.finish(), err
	}
	if im.idmap != nil {
		if err := im.commitIDMap(); err != nil {
			return im.finish(), err
		}
	}
	res := im.finish()
	if res.Failed > 0 {
		return res, fmt.Errorf("paymenttokens: %w: %d failed, each named with its line, key and reason in ImportResult.Failures", ErrSomeFailed, res.Failed)
	}
	return res, nil
}

// stopped returns why the run must stop, or nil.
func (im *importer) stopped(ctx context.Context) error {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.failed != nil {
		return im.failed
	}
	if ctx.Err() != nil || im.draining() {
		unsettled := ""
		if n := im.parking.len(); n > 0 {
			unsettled = fmt.Sprintf("; %d create(s) of unknown outcome are settled by the next run, after their window", n)
		}
		if n := im.answers.sum(answered.tokens); n > 0 {
			unsettled += fmt.Sprintf("; %d array-created token(s) are paired with their ids by the next run's read of the store", n)
		}
		err := fmt.Errorf("paymenttokens: %w (run it again, with the same journal, to finish%s)", ErrInterrupted, unsettled)
		if cause := context.Cause(ctx); cause != nil {
			err = fmt.Errorf("%w: %w", err, cause)
		}
		return err
	}
	return nil
}

// stopping reports whether nothing new may be sent: the run failed, its
// context ended, or it is draining.
func (im *importer) stopping(ctx context.Context) bool {
	return ctx.Err() != nil || im.draining() || im.stopped(ctx) != nil
}

// draining reports whether opts.Drain has been closed.
func (im *importer) draining() bool {
	select {
	case <-im.opts.Drain:
		return true
	default:
		return false
	}
}

// maxUnreachable is how many requests in a row (each already retried) may
// fail to reach the API, or get no answer from it in time, before the run
// stops: past it, every further request would only fail the same way.
const maxUnreachable = 3

// reachable counts requests that could not reach the API or got no answer
// in time, and stops the run after maxUnreachable of them in a row.
func (im *importer) reachable(err error) {
	im.mu.Lock()
	if !errors.Is(err, wrapper.ErrUnreachable) && !errors.Is(err, wrapper.ErrNoAnswer) {
		im.unreachable = 0
		im.mu.Unlock()
		return
	}
	im.unreachable++
	n := im.unreachable
	im.mu.Unlock()
	if n >= maxUnreachable {
		state := "unreachable"
		if errors.Is(err, wrapper.ErrNoAnswer) {
			state = "not answering"
		}
		im.fatal(while(err, "the API is %s: %d requests in a row failed; nothing more is sent: once it answers, run the same import again; the last failure", state, n))
	}
}

// note passes a message for the user to the progress function.
func (im *importer) note(msg string) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.tr.note(msg)
}

// waiting tells the progress function that the run waits for what until
// until, or, with what empty, that it no longer waits.
func (im *importer) waiting(what string, until time.Time) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.tr.wait(what, until)
}

// fatal stops the run with err (the first one wins).
func (im *importer) fatal(err error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.failed == nil {
		im.failed = err
		im.cancel(err)
	}
}

// finish reports the last progress and fills the counts of the ImportResult.
func (im *importer) finish() *ImportResult {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.tr.end()
	p, res := im.tr.p, im.res
	res.Created, res.Updated, res.Unchanged, res.Differing, res.Deleted, res.Failed = p.Created, p.Updated, p.Unchanged, p.Differing, p.Deleted, p.Failed
	res.ArraysRefused = im.arrayRefusals > 0 && p.Created == 0
	res.Elapsed = time.Since(im.tr.began)
	if res.DryRun {
		res.Requests = listRequests(im.listed, im.opts.PageSize) + ceilDiv(p.Created, max(im.opts.BulkCreate, 1)) +
			ceilDiv(p.Updated, wrapper.DefaultBatchSize) + p.Deleted
		res.Estimate = im.c.Pacing().Fresh().Time(res.Requests)
	}
	return res
}

// record counts one token's outcome, keeps it as a sample (and as a
// failure), and adds its id map row.
func (im *importer) record(it Item, mapRow bool) {
	im.mu.Lock()
	defer im.mu.Unlock()
	p := &im.tr.p
	switch it.Action {
	case ActionCreate:
		p.Created++
	case ActionUpdate:
		p.Updated++
	case ActionUnchanged:
		p.Unchanged++
	case ActionDiffers:
		p.Differing++
		im.res.Differences = append(im.res.Differences, it)
	case ActionDelete:
		p.Deleted++
	case ActionFail:
		p.Failed++
		im.res.Failures = append(im.res.Failures, it)
	}
	if len(im.res.Samples[it.Action]) < im.opts.Samples {
		im.res.Samples[it.Action] = append(im.res.Samples[it.Action], it)
	}
	if mapRow && im.idrows != nil && it.SourceID != 0 && it.TargetID != 0 {
		im.idrows.Add(it.SourceID, it.TargetID)
	}
	p.Done++
	im.tr.tick()
}

// sent counts, in the write phase's progress, tokens whose array was
// answered: they are recorded once a read of the store pairs them with
// their ids (pair).
func (im *importer) sent(n int) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.tr.p.Done += n
	im.tr.tick()
}

// refusedInArray records a token of an array that the API refused.
func (im *importer) refusedInArray(it Item, why string) {
	im.mu.Lock()
	im.arrayRefusals++
	im.mu.Unlock()
	im.fail(it, "the API did not create it: "+why)
}

// fail records a failed token.
func (im *importer) fail(it Item, reason string) {
	it.Action, it.Reason = ActionFail, reason
	im.record(it, false)
}

// reconciled counts a create settled by reading the target.
func (im *importer) reconciled() {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.res.Reconciled++
}

// commitIDMap writes the id map's rows and renames it into place.
func (im *importer) commitIDMap() error {
	if err := im.idrows.Flush(); err != nil {
		return err
	}
	return im.idmap.Commit()
}

// journalize appends a record, stopping the run when the journal cannot
// be written: without it the exactly-once guarantee would not hold.
func (im *importer) journalize(op string, d keyDigest, line int, id int32) bool {
	return im.journalizeAll(keyRecord{op: op, d: d, line: line, id: id})
}

// journalizeAll appends records in one write, as journalize does one.
func (im *importer) journalizeAll(recs ...keyRecord) bool {
	if im.journal == nil || len(recs) == 0 {
		return true
	}
	if err := im.journal.record(recs...); err != nil {
		im.fatal(err)
		return false
	}
	return true
}

// errStop ends the reading pass once the run is stopping.
var errStop = errors.New("stop")
