package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
)

// envRedisURL is the Redis a command uses when --redis is not given.
const envRedisURL = "PAYMENTTOKENS_REDIS_URL"

// The import's lease period (--redis-lease): an import killed without
// releasing its lease frees the store within it. At most a minute, so that
// a killed import never holds a store long; at least a second, so that a
// short hiccup of Redis does not lose it (it is lost once a third of it
// passes without a renewal).
const (
	defaultLeasePeriod = 30 * time.Second
	minLeasePeriod     = time.Second
	maxLeasePeriod     = time.Minute
)

// redisConnectWithin bounds the check, at start, that Redis answers.
const redisConnectWithin = 10 * time.Second

// redisHelp is the help of --redis.
const redisHelp = "share the store's rate budget (and, for import, its lock) through the Redis at `URL`\n" +
	"(redis:// or rediss://; default $" + envRedisURL + "): for more than one process or machine on a\nstore"

// quietRedis keeps go-redis from logging on stderr (once per process):
// what goes wrong with Redis reaches the user in the command's own
// messages, its URL masked.
var quietRedis sync.Once

// noLog is a go-redis logger that logs nothing.
type noLog struct{}

// Printf logs nothing.
func (noLog) Printf(context.Context, string, ...any) {}

// newRedisClient is a go-redis client with opt, which logs nothing
// (quietRedis) and does without maintenance notifications (hand-offs
// during a managed Redis's upgrades, for long-lived services) and the
// goroutines that watch for them.
func newRedisClient(opt *redis.Options) *redis.Client {
	quietRedis.Do(func() { redis.SetLogger(noLog{}) })
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return redis.NewClient(opt)
}

// coordination is the Redis that --redis names, through which the store's
// budget and the import's lease are shared.
type coordination struct {
	rdb    *redis.Client
	masked string // its URL with the user and password masked, for messages
}

// close closes the Redis client, if any.
func (co *coordination) close() {
	if co != nil {
		_ = co.rdb.Close()
	}
}

// registerRedis defines --redis on fs.
func (sf *storeFlags) registerRedis(fs *flag.FlagSet) {
	fs.StringVar(&sf.redis, "redis", "", redisHelp)
}

// redisURL is the Redis URL of the run (--redis wins over the
// environment) and where it came from; "" without one.
func (c *cli) redisURL(sf storeFlags) (raw, from string) {
	if raw = strings.TrimSpace(sf.redis); raw != "" {
		return raw, "--redis"
	}
	return strings.TrimSpace(c.getenv(envRedisURL)), envRedisURL
}

// redisOptions connects to the Redis of the run, if any, before any
// request to the store, and returns the client options that share the
// store's budget through it (none with --rate 0: Redis then only holds
// the import's lease). A bad URL is a usage error; a Redis that does not
// answer is an error (exit 3), never a silent run without it.
func (c *cli) redisOptions(sf storeFlags) ([]wrapper.Option, error) {
	raw, from := c.redisURL(sf)
	if raw == "" {
		return nil, nil
	}
	masked := maskUserinfo(raw)
	u, err := url.Parse(raw) // its error would quote raw, password and all
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return nil, usagef("%s %s: want redis://[USER:PASSWORD@]HOST:PORT[/DB], or rediss:// for TLS", from, masked)
	}
	if u.User != nil {
		password, _ := u.User.Password()
		c.io.secrets = append(c.io.secrets, u.User.String(), password)
	}
	opt, err := redis.ParseURL(raw)
	if err != nil {
		return nil, usagef("%s %s: %s", from, masked, c.io.mask(err.Error()))
	}
	c.coord = &coordination{rdb: newRedisClient(opt), masked: masked}
	ctx, cancel := context.WithTimeout(c.ctx, redisConnectWithin)
	defer cancel()
	if sf.rate == 0 {
		err = c.coord.rdb.Ping(ctx).Err()
	} else {
		var limiter *rediscoord.Limiter
		if limiter, err = rediscoord.NewLimiter(ctx, c.coord.rdb, sf.rate, sf.burst); err == nil {
			return []wrapper.Option{wrapper.WithLimiter(limiter)}, nil
		}
	}
	if err != nil {
		if cause := errors.Unwrap(err); cause != nil && strings.HasPrefix(err.Error(), "paymenttokens: ") {
			err = cause // the library's own advice would repeat this one's
		}
		return nil, fmt.Errorf("paymenttokens: the Redis at %s (%s) cannot be used: %s; nothing was sent to the store: start Redis or fix the URL (its address, password or database), or, when no other process works on this store, run without %s",
			masked, from, err, from)
	}
	return nil, nil
}

// maskUserinfo is raw with everything before the last @ of what follows
// its scheme (the user and password) replaced by [redacted], even when raw does
// not parse.
func maskUserinfo(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		scheme, rest = "", raw
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = redacted + rest[i:]
	}
	if !ok {
		return rest
	}
	return scheme + "://" + rest
}

// registerLease defines --redis-lease on fs.
func registerLease(fs *flag.FlagSet, period *time.Duration) {
	fs.DurationVar(period, "redis-lease", defaultLeasePeriod, fmt.Sprintf("with --redis: the period of the store's lease in Redis; an import killed without releasing it\n"+
		"frees the store within `DURATION` (%s to %s)", durationText(minLeasePeriod), durationText(maxLeasePeriod)))
}

// checkLease refuses a lease period out of range, or one given without Redis.
func (c *cli) checkLease(fs *flag.FlagSet, sf storeFlags, period time.Duration) error {
	if period < minLeasePeriod || period > maxLeasePeriod {
		return usagef("--redis-lease %s: want %s to %s", durationText(period), durationText(minLeasePeriod), durationText(maxLeasePeriod))
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "redis-lease" })
	if raw, _ := c.redisURL(sf); set && raw == "" {
		return usagef("--redis-lease is the period of the store's lease in Redis: add --redis URL (or set %s), or leave --redis-lease out", envRedisURL)
	}
	return nil
}

// importLease is import's ImportOptions.Lease with Redis (nil without): a
// lease of period in Redis on the store, which refuses a second import
// (migrate.ErrStoreBusy: exit 2) naming its holder.
func (c *cli) importLease(period time.Duration) func(context.Context, string) (migrate.StoreLease, error) {
	if c.coord == nil {
		return nil
	}
	return func(ctx context.Context, store string) (migrate.StoreLease, error) {
		lease, err := rediscoord.AcquireLease(ctx, c.coord.rdb, "import:"+store, period)
		var held *rediscoord.HeldError
		switch {
		case errors.As(err, &held):
			return nil, fmt.Errorf("paymenttokens: %w: process %d on %s holds the store's lease in the Redis at %s since %s; two imports into one store at once would create the same tokens twice: wait for it to end (or stop it), then run again (an import killed without releasing the lease frees the store within its --redis-lease period, %s by default)",
				migrate.ErrStoreBusy, held.Holder.PID, held.Holder.Host, c.coord.masked, held.Holder.Since.UTC().Format(time.RFC3339), durationText(defaultLeasePeriod))
		case err != nil:
			return nil, fmt.Errorf("paymenttokens: the store's lease in the Redis at %s could not be taken (%s); nothing was sent to the store", c.coord.masked, strings.TrimPrefix(err.Error(), "paymenttokens: "))
		}
		return lease, nil
	}
}
