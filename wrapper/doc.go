// Package wrapper is the 3dcart (Shift4Shop) PaymentTokens client: it adds
// the auth headers to the generated client, turns the API's own 404s into
// empty results for reads, retries and paces itself to the API's rate limit,
// proves its listings complete and returns typed errors.
//
//	client, err := wrapper.New(wrapper.Credentials{
//		SecureURL:  "https://mystore.3dcartstores.com",
//		PrivateKey: os.Getenv("THREEDCART_PRIVATE_KEY"),
//		Token:      os.Getenv("THREEDCART_TOKEN"),
//	})
//	if err != nil { return err }
//	id, err := client.Create(ctx, wrapper.PaymentToken{CustomerID: 7, PaymentProfileID: "tok_123", GatewayName: "Stripe"})
//	t, found, err := client.Get(ctx, id)                        // found == false when there is no such token
//	page, err := client.List(ctx, wrapper.ListParams{Limit: 50}) // empty, not an error, when the store has none
//	for t, err := range client.All(ctx) { ... }                 // every token once, or ErrIncompleteListing
//	results, err := client.UpdateMany(ctx, tokens)              // *BatchError lists the ones not updated
//	results, err = client.CreateMany(ctx, newTokens)            // only on a store that takes arrays on POST
//	err = client.Delete(ctx, id)                                // errors.Is(err, wrapper.ErrNotFound) when missing
//
// [FromEnv] builds the Client from THREEDCART_* variables and an env file
// instead, as the paymenttokens command does. New, FromEnv, Create, Get,
// List, All, Count, Update, Modify, UpdateMany and Delete have runnable
// examples, against the sandbox (go test -run Example ./wrapper runs
// them). [PaymentToken] is the generated
// model: plain fields with the API's JSON names; a zero field is not sent.
// Ids are int32 everywhere (the API's ids are 32-bit).
//
// # The 404 rule
//
// The API answers 404 both for "no such token" and for "the list is empty",
// with its own message "No payment tokens found." (in its error array, a
// {"Message": …} object, or no body at all), and 400 "Offset amount exceeds
// the total number of records" for a page past the end. Reads treat exactly
// these as empty: List and All return no tokens, Count returns 0, Get
// returns found == false. A message counts when it contains "no payment
// token" (any case) in one of the API's JSON error shapes; a page that
// merely quotes it does not.
//
// Any other 404 is an error: a wrong base path is answered by the API's
// framework with "No HTTP resource was found that matches the request URI",
// a proxy with its own HTML page. Treating those as empty would make an
// export copy nothing and report success, so they are an [*APIError] matching
// [ErrNotFound] whose Hint says the base URL is probably wrong. Get checks the
// id of what came back. Writes never hide a 404: Update, Modify and Delete
// of a missing id return an error matching ErrNotFound, save one case: a
// DELETE answered the API's own 404 after an attempt that may have acted (its
// connection was cut, or it got a 5xx) succeeds, since either way the token
// is gone. After a 429 alone (the API did nothing) a 404 is ErrNotFound.
//
// # Errors
//
// Every error starts with "paymenttokens: ", once. A non-success answer is
// an [*APIError] (errors.As) with StatusCode, Method, Path, the Messages of
// the error body, the first KiB of the body, Attempts, Hint, GaveUp and
// OutcomeUnknown; errors.Is maps 404 to [ErrNotFound], 401 to
// [ErrUnauthorized], 429 to [ErrRateLimited] and 400 to [ErrBadRequest].
// Transport errors are wrapped, so errors.Is(err, context.Canceled) holds.
//
// A transport error matches [ErrUnreachable] when no connection to the API
// was made: the dial was refused or timed out, the network or host was
// unreachable, the name did not resolve, a proxy refused the tunnel (typed
// by the shared transport only; an *http.Transport of your own reports it
// as an unknown outcome), or the TLS handshake failed. That attempt was
// never written. It matches [ErrNoAnswer] when a connection was made but no
// answer came in time: the API, or something in front of it, is up but not
// serving. When the http.Client's Timeout ended it ([DefaultTimeout], or
// [WithHTTPClient]'s), it also matches context.DeadlineExceeded and is not
// retried; a transport's own timeout (such as ResponseHeaderTimeout) is
// retried for GET, PUT and DELETE like a cut connection. When the caller's
// context ends first, the error is the context's alone, never ErrNoAnswer.
//
// Bad arguments (an id below 1, a Limit outside 0 to [MaxLimit], a string
// field over [MaxStringLen] characters, a LastUpdate outside the years 0001
// to 9999, an empty UpdateMany) fail before any request, naming what is
// wrong. Answers that cannot be read (HTML or text
// with a 200, truncated JSON, numbers beyond int32, a date in no known form)
// are errors naming the request, never panics; unknown fields are accepted.
// Bodies are read within the caps of [WithMaxBodySize]. Errors from 2xx
// answers quote no body: it may hold customers' payment data.
//
// # Unknown outcomes
//
// errors.Is(err, [ErrOutcomeUnknown]) holds whenever a write may have been
// applied although no answer proves it: the connection was cut after the
// request was sent, no answer came in time, the context ended while waiting
// for the answer, a POST was answered 5xx (a gateway's 504 often means the
// store applies the write moments later), a 2xx answer could not be read,
// or an earlier attempt of a retried PUT or DELETE was cut or answered 5xx.
// Read the store, after the write had time to land (up to
// [BackendTimeout] after it was sent), before writing again: package
// migrate does this by key with a settle window, [DefaultSettle] by
// default. UpdateMany and
// CreateMany mark such tokens' Results OutcomeUnknown; an array of creates
// whose outcome is unknown is never sent again.
//
// # Retries and pacing
//
// GET, PUT and DELETE are retried ([WithMaxRetries]) on connection failures
// and on 408, 429, 500, 502, 503 and 504; never on another 4xx, 501,
// certificate or TLS errors or a refused redirect. A POST (a Create, an
// array of CreateMany) is retried only where the API certainly did nothing:
// on 429, and when the error proves that no byte of it was written (a typed
// dial, DNS, proxy or TLS handshake error: [ErrUnreachable]). The proof is
// the error's type, not what the transport reports through httptrace, so a
// RoundTripper of your own cannot make a cut POST look unsent. Anything else
// is [ErrOutcomeUnknown], so a create is never sent twice. The wait honours
// Retry-After (capped at the max wait), otherwise it is exponential with
// jitter ([WithRetryWait]), and ends at once when the context does. When the
// retries run out, or the context ends first, the [*APIError] of the last
// answer is returned with Attempts (and GaveUp) set.
//
// Pacing ([WithRateLimit]: the API's leaky bucket by default) is a token
// bucket shared by every goroutine using the client, one request smaller
// than the burst so that network jitter cannot overflow the API's bucket.
//
// A 429 means the API's bucket is fuller than the client believed (another
// program uses the same store). The client then converges on what the
// store grants rather than fail: it stops bursting and cuts its rate, after
// its first 429 to 0.8 of its share of what the store granted so far (its
// answered requests ÷ the burst plus the rate times the time since it
// began), and after each later 429 of a request sent since the last cut to
// 0.6 of it, never below 1/64 of the configured rate; it wins back 1 % of
// the configured rate every bucket time (burst ÷ rate: 25 s for the API)
// without a 429, and the burst once the rate is whole and a bucket time has
// passed since the last cut. A Retry-After holds every request of the
// client back until it has passed (capped at the max wait). A request
// answered 429 is retried, a create included (the API did nothing), for
// as long as [WithRateLimitWait] allows, [DefaultRateLimitWait] by default,
// whatever [WithMaxRetries] says unless it is 0; its retry waits for the
// pacer. Measured with 2, 4 and 8 such clients on one store: every token
// written, in 1.05 to 1.17 times the ideal time, 0.5 to 2.7 % of requests
// answered 429 (BENCHMARKS.md).
//
// For the exact budget across processes and machines, [WithLimiter] paces
// every client of a store through one shared [Limiter] instead: package
// rediscoord has one on Redis (no 429 and 1.01 times the ideal time with 2
// to 8 processes), which also tells every process of a store's 429.
//
// [WithLogger] logs each retry at Warn level with its cause, and each
// attempt at Debug level once it ends, as one record: method, path (never
// the query), status or the class of the error ("timeout", "unreachable",
// ...), attempt number and duration. No record holds a header, a body or an
// error's text, so nothing a server echoes back reaches the log.
//
// # Complete listings
//
// [Client.All] yields every token once, or an error matching
// [ErrIncompleteListing] rather than end quietly with tokens missing. A walk
// takes Count, then reads pages from offset 1, moving the offset on by the
// number of tokens each page really held (a store may serve fewer than it
// was asked for). An empty page before the count is reached ends the walk
// unfinished; once the count is reached, All reads one page more, and goes
// on while pages still come (the store grew); then it takes Count again. The
// walk adds up when the distinct ids it saw equal the count, the count did
// not change, and no id came twice (a page holding only ids already seen
// ends the walk, so a server ignoring offset cannot loop). When a walk does
// not add up, All walks again, 3 walks at most, yielding only tokens no
// earlier walk yielded; if none adds up, it yields one error saying what did
// not (the counts, the distinct ids, the repeats, the offset of an empty
// page), or that the store changed during every walk. A create and a delete
// during one walk can cancel out in its counts: walk a store that is not
// being written to. Besides a page, All keeps the ids it yielded, 4 bytes
// each while they come in ascending order (as the API lists them), and
// during a later walk the ids of that walk as well.
//
// [WithConcurrency](n) keeps up to n pages in flight, at offsets guessed
// from the size of the page before and never past the count; guesses a page
// proves wrong are cancelled, and tokens still come in the store's order.
// List is one page, exactly as the API served it. [ListParams].Offset is the
// API's 1-based record number; Limit is 1 to [MaxLimit] (0 means the API's
// default of 10).
//
// # Bulk writes
//
// [Client.UpdateMany] checks every token first, then sends them in PUTs of
// [WithBatchSize] tokens. [Client.CreateMany] sends creates in arrays of up
// to [MaxLimit], only on a store that takes arrays on POST: the documented
// API takes one token and the vendor does not say whether a store takes
// more (package probe finds out); a store that refuses arrays refuses each
// with a 4xx and creates nothing. CreateMany's ids are paired with the
// tokens by the answer's order alone, which nothing proves: read the tokens
// back to be sure. Both keep up to [WithConcurrency] requests
// in flight and return one [Result] per token in input order; when some
// tokens were not written, they return every Result and a [*BatchError]
// listing the failed ones and wrapping the cause.
//
// A batch the API refuses as a whole for its content (a 4xx other than 401,
// 403, 408, 429 and a 404 that is not the API's own) is split in halves,
// and refused halves again, until each refusal names one token: only those
// fail, with the API's status and message; the others are written, and
// later batches are sent. Splitting a batch of n costs at most 4·⌈log2 n⌉
// extra requests (28 for 100 tokens), enough to find two refused tokens;
// the tokens of a group still refused when they are spent fail with Status
// 0 and the API's message. A batch that fails otherwise (401, 403, a 408,
// 429 or 5xx that outlived the retries, a transport error) stops the write:
// its tokens and the unsent ones get Status 0 and a Message saying "not
// written", "not sent" or "outcome unknown", and no later batch is sent.
//
// Updates send whole tokens: whether the API's PUT replaces the token or
// merges the fields sent is not documented (the sandbox replaces), and a
// field left at its zero value is not sent, so it may be cleared. Read the
// tokens first and change only what you mean to; Modify does this for one.
//
// # Dates
//
// LastUpdate is a [DateTime] (a time.Time). It decodes every form the API is
// known to emit (03/28/2019 14:37, with seconds, with AM/PM, ISO 8601 with or
// without zone) and reads "", null and 0001-01-01T00:00:00 as the zero time;
// it is sent as RFC 3339. Zone-less values are the store's wall clock and
// decode in UTC so that the clock reads the same.
//
// # Secrets
//
// [Credentials] mask PrivateKey and Token in String, GoString and LogValue;
// the client keeps them only inside its request editor. [New] trims
// surrounding white space from them and refuses control characters, naming
// the field, never its value. Text quoted from any answer (error bodies and
// messages, envelope values, transport errors) is masked before it is cut:
// every secret in its raw, JSON-, URL- and HTML-escaped forms, and any run
// of six or more of a secret's characters. Masking is for quoted text only:
// the ids the client decides with (a Create's id, Result.Value) are never
// altered. A redirect to another host or from https to http is refused
// (net/http would copy the auth headers); a write is never followed through
// a redirect.
//
// # Proxies
//
// A plain-http API URL is refused unless its host is loopback. An https API
// may use any proxy, http or https (HTTPS_PROXY or the Transport's Proxy): a
// CONNECT tunnel keeps the headers inside TLS. A plain-http API URL through a
// plain-http proxy on another machine is refused.
//
// # Many stores
//
// A program serving many stores makes one Client per store and keeps it for
// the life of the process: each is paced on its own, as the API limits each
// store on its own, and a busy store never slows another. Clients created
// without [WithHTTPClient] share one transport sized for the API host (up to
// 1024 idle connections, HTTP/2 where offered); pass one *http.Client to
// every store to share a transport of your own. Bound the stores worked on
// at once (see ExampleNew_manyStores): an export holds one page, about
// 400 KB, per store. [Client.StoreDigest] identifies the store a client
// works on, without a secret (for a journal, say); [Client.StorePlaces]
// identifies it at each place its API is reached, so that every spelling of
// the API's host meets (for a lock, say).
//
// # Raw requests
//
// [Client.Raw] sends any request with the client's headers, pacing and
// retries and returns the answer as it came, for tools that study the API
// itself (package wrapper/probe).
//
// Tests can run against the in-memory API of package
// [github.com/shift4shop-go/paymenttokens/wrapper/sandbox].
package wrapper
