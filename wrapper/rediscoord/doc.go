// Package rediscoord coordinates the processes and machines working on one
// store through Redis (github.com/redis/go-redis/v9), so that the root
// package wrapper does not depend on it.
//
// A [Limiter] shares each store's rate budget (the API's bucket of 50
// requests leaking 2 a second) among every client using the same Redis:
// pass it to [wrapper.WithLimiter]. Its state is one key per store, named
// by the store's digest ([wrapper.Client.StoreDigest], never a secret),
// updated by a GCRA script in one round trip per request, on Redis's own
// clock. A 429 seen by any client makes every client of the store wait as
// if the bucket were full.
//
// A [Lease] is a lock on a store held in Redis, for one import at a time
// across machines: SET NX PX with an owner token, renewed while held,
// released with a compare-and-delete; it names its holder (host, process
// id, since when) to whoever is refused, records when the holder last sent
// a create, and cancels its context when it is lost.
//
// Redis unreachable is an error, never a silent fall back to no
// coordination: [NewLimiter] and [AcquireLease] fail at once, and a request
// whose Limiter cannot reach Redis is not sent (it is retried like a
// connection failure, then fails naming Redis). Redis restarted empty
// loses the budget's state (the next requests start from a full budget)
// and the leases (see AcquireLease).
package rediscoord
