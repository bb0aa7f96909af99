// Package wrapper is the 3dcart (Shift4Shop) PaymentTokens client: it adds
// the auth headers to the generated client, turns the API's 404s into empty
// results for reads, retries and paces itself to the API's rate limit, and
// returns typed errors.
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
//	err = client.Delete(ctx, id)                                // errors.Is(err, wrapper.ErrNotFound) when missing
//	var apiErr *wrapper.APIError
//	if errors.As(err, &apiErr) { log.Println(apiErr.StatusCode, apiErr.Messages) }
//
// The promises it keeps when the API or the network misbehaves:
//
//   - All proves its listing complete: it checks what its pages held
//     against Count taken before and after, walks again (3 walks at most)
//     when they disagree, and yields each token once, or ErrIncompleteListing.
//   - A write is sent again only when its error proves that no byte of it was
//     written: no connection was made (a typed dial, DNS, proxy or TLS
//     handshake error), whatever RoundTripper the HTTP client uses. Anything
//     else that may have been applied is ErrOutcomeUnknown; a Create is never
//     sent twice.
//   - An API that could not be reached (refused, unresolved, timed out,
//     unreachable, a refused proxy tunnel, a failed TLS handshake) is
//     ErrUnreachable.
//   - UpdateMany splits a batch the API refuses as a whole until the refused
//     tokens are found: only they fail; the others are written.
//   - Secrets are masked wherever text from an answer is quoted (errors,
//     logs, Result.Message), and never in the data decisions rest on (the ids
//     of Create and of Result.Value).
//   - A plain-http API URL (loopback only) through a plain-http proxy on
//     another machine is refused; an https API may use any proxy (CONNECT
//     keeps the headers inside TLS).
//
// StoreDigest identifies the store a client works on (for a journal, say).
// Raw sends any request with the client's headers, pacing and retries and
// returns the answer as sent, for tools that study the API itself
// (package wrapper/probe).
// A program serving many stores makes one Client per store (each paced on
// its own) and lets them share the default transport: see
// ExampleNew_manyStores.
//
// Tests can run against the in-memory API of package tests/sandbox.
package wrapper
