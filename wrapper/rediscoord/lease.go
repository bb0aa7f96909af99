package rediscoord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// How a Lease is kept, as parts of its period.
const (
	renewEvery = 8  // a renewal every period ÷ renewEvery
	lostAfter  = 3  // the holder gives up period ÷ lostAfter after the start of its last successful renewal
	retryEvery = 40 // after a failed renewal, another every period ÷ retryEvery
)

// lastCreateTTL is how long Redis keeps when a lease's holder last sent a
// create, after the lease is gone: a later holder reads it.
const lastCreateTTL = 7 * 24 * time.Hour

// leaseAcquire takes KEYS[1] (the lease, a hash) when nobody holds it.
// ARGV: owner token, host, process id, since (ms), period (ms). It
// returns {1, last create} when taken, else {0, the holder's fields}.
// KEYS[2] is when a holder of the lease last sent a create (ms).
var leaseAcquire = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'host', ARGV[2], 'pid', ARGV[3], 'since', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return {1, redis.call('GET', KEYS[2]) or ''}
end
return {0, redis.call('HGET', KEYS[1], 'host') or '', redis.call('HGET', KEYS[1], 'pid') or '', redis.call('HGET', KEYS[1], 'since') or ''}
`)

// leaseRenew extends KEYS[1] by ARGV[2] ms if ARGV[1] still owns it.
var leaseRenew = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`)

// leaseRelease deletes KEYS[1] if ARGV[1] still owns it.
var leaseRelease = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`)

// leaseCreated records in KEYS[2] (ARGV[2], ms; kept ARGV[3] ms) when the
// owner ARGV[1] of KEYS[1] last sent a create.
var leaseCreated = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
`)

// Holder is who holds a lease.
type Holder struct {
	Host  string    // the holder's host name
	PID   int       // its process id
	Since time.Time // when it took the lease
}

// HeldError is AcquireLease's refusal: another process holds the lease.
type HeldError struct {
	Name   string
	Holder Holder
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("paymenttokens: %s is held by process %d on %s since %s; wait until it ends (a holder that died frees it within the lease's period)",
		e.Name, e.Holder.PID, e.Holder.Host, e.Holder.Since.UTC().Format(time.RFC3339))
}

// Lease is a lock held in Redis and renewed while held; see AcquireLease.
type Lease struct {
	rdb        redis.UniversalClient
	name       string
	keys       []string // the lease, and when a holder last sent a create
	owner      string   // this holder's random token
	period     time.Duration
	lastCreate time.Time

	ctx    context.Context // done once the lease is lost or released
	cancel context.CancelCauseFunc
	stop   chan struct{} // closed to stop renewing
	done   chan struct{} // closed when the renewing goroutine has ended
	once   sync.Once
}

// ErrLeaseLost is the cause of a Lease's context when its renewal failed
// for too long or another process took it.
var ErrLeaseLost = errors.New("paymenttokens: the lease in Redis was lost: stop writing, another process may now hold it")

// AcquireLease takes the lease name (for an import, the store's digest:
// never a secret) for period, renewed every period ÷ 8 until Release, or
// refuses with a *HeldError naming the holder. A holder killed without
// releasing frees it within period.
//
// The lease's Context is cancelled (cause ErrLeaseLost) once period ÷ 3
// has passed since the start of its last successful renewal, or at once
// when another process holds it: before the key can expire, so before
// another process can take it. Redis restarted empty forgets every lease;
// AcquireLease then waits until period ÷ 2 has passed since Redis started,
// by which time every holder from before has found out.
func AcquireLease(ctx context.Context, rdb redis.UniversalClient, name string, period time.Duration) (*Lease, error) {
	if period < 10*time.Millisecond {
		return nil, fmt.Errorf("paymenttokens: rediscoord.AcquireLease(%q, %v): want a period of 10ms or more", name, period)
	}
	host, _ := os.Hostname()
	token := make([]byte, 16)
	_, _ = rand.Read(token)
	l := &Lease{rdb: rdb, name: name, period: period, owner: hex.EncodeToString(token),
		keys: []string{keyPrefix + "lease:" + name, keyPrefix + "lastcreate:" + name},
		stop: make(chan struct{}), done: make(chan struct{})}
	if err := l.waitForEarlierHolders(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	got, err := leaseAcquire.Run(ctx, rdb, l.keys, l.owner, host, os.Getpid(), start.UnixMilli(), period.Milliseconds()).Slice()
	if err != nil {
		return nil, fmt.Errorf("paymenttokens: taking the lease %s in Redis: %w", name, err)
	}
	if taken, _ := got[0].(int64); taken != 1 {
		return nil, &HeldError{Name: name, Holder: holder(got[1:])}
	}
	if ms, err := strconv.ParseInt(fmt.Sprint(got[1]), 10, 64); err == nil {
		l.lastCreate = time.UnixMilli(ms)
	}
	l.ctx, l.cancel = context.WithCancelCause(context.WithoutCancel(ctx))
	go l.keep(start)
	return l, nil
}

// waitForEarlierHolders waits until Redis has been up for period ÷ 2: a
// holder from before a restart has given its lease up by then.
func (l *Lease) waitForEarlierHolders(ctx context.Context) error {
	info, err := l.rdb.Info(ctx, "server").Result()
	if err != nil {
		return fmt.Errorf("paymenttokens: Redis cannot be reached (%w): check its address", err)
	}
	var uptime time.Duration
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "uptime_in_seconds:"); ok {
			secs, _ := strconv.ParseInt(v, 10, 64)
			uptime = time.Duration(secs) * time.Second
		}
	}
	if wait := l.period/2 - uptime; wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// holder reads the fields leaseAcquire returns for a lease held.
func holder(fields []any) Holder {
	var h Holder
	if len(fields) == 3 {
		h.Host = fmt.Sprint(fields[0])
		h.PID, _ = strconv.Atoi(fmt.Sprint(fields[1]))
		if ms, err := strconv.ParseInt(fmt.Sprint(fields[2]), 10, 64); err == nil {
			h.Since = time.UnixMilli(ms)
		}
	}
	return h
}

// keep renews the lease until stop, and cancels its context once it is lost.
func (l *Lease) keep(lastOK time.Time) {
	defer close(l.done)
	lost := time.NewTimer(time.Until(lastOK.Add(l.period / lostAfter)))
	defer lost.Stop()
	next := time.NewTimer(l.period / renewEvery)
	defer next.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-lost.C:
			l.cancel(ErrLeaseLost)
			return
		case <-next.C:
		}
		start := time.Now()
		ctx, cancel := context.WithTimeout(l.ctx, l.period/lostAfter)
		ok, err := leaseRenew.Run(ctx, l.rdb, l.keys[:1], l.owner, l.period.Milliseconds()).Int()
		cancel()
		switch {
		case err == nil && ok == 1:
			lastOK = start
			lost.Reset(time.Until(lastOK.Add(l.period / lostAfter)))
			next.Reset(l.period / renewEvery)
		case err == nil: // expired, or another process holds it
			l.cancel(ErrLeaseLost)
			return
		default:
			next.Reset(l.period / retryEvery)
		}
	}
}

// Context is done once the lease is lost (cause ErrLeaseLost) or released:
// a holder stops its writes then.
func (l *Lease) Context() context.Context { return l.ctx }

// LastCreate is when a holder of this lease last recorded a create
// (RecordCreate), as read when it was taken; zero when none did within a week.
func (l *Lease) LastCreate() time.Time { return l.lastCreate }

// RecordCreate records that the holder sends a create at t, for a later
// holder's LastCreate. It fails when the lease is no longer held.
func (l *Lease) RecordCreate(ctx context.Context, t time.Time) error {
	ok, err := leaseCreated.Run(ctx, l.rdb, l.keys, l.owner, t.UnixMilli(), lastCreateTTL.Milliseconds()).Int()
	switch {
	case err != nil:
		return fmt.Errorf("paymenttokens: recording a create in the lease %s: %w", l.name, err)
	case ok != 1:
		l.cancel(ErrLeaseLost)
		return ErrLeaseLost
	}
	return nil
}

// Release stops renewing, cancels the lease's context and deletes the
// lease if this holder still holds it. It may be called more than once.
func (l *Lease) Release(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		l.cancel(context.Canceled)
		if rerr := leaseRelease.Run(ctx, l.rdb, l.keys[:1], l.owner).Err(); rerr != nil {
			err = fmt.Errorf("paymenttokens: releasing the lease %s in Redis (it frees itself within %v): %w", l.name, l.period, rerr)
		}
	})
	return err
}
