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
//	for t, err := range client.All(ctx) { ... }                 // every token, pages of 500
//	results, err := client.UpdateMany(ctx, tokens)              // *BatchError lists the ones not updated
//	err = client.Delete(ctx, id)                                // errors.Is(err, wrapper.ErrNotFound) when missing
//	var apiErr *wrapper.APIError
//	if errors.As(err, &apiErr) { log.Println(apiErr.StatusCode, apiErr.Messages) }
//
// A program serving many stores makes one Client per store (each paced on
// its own) and lets them share the default transport: see
// ExampleNew_manyStores.
//
// Tests can run against the in-memory API of package tests/sandbox.
package wrapper
