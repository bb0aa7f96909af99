package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// newExampleClient starts a sandbox with tokens seeded and a client for it.
func newExampleClient(seeded int) (*sandbox.Server, *wrapper.Client) {
	sb, err := sandbox.New()
	if err != nil {
		log.Fatal(err)
	}
	for i := range seeded {
		sb.Seed(wrapper.PaymentToken{CustomerID: int32(100 + i), PaymentProfileID: fmt.Sprintf("tok_%03d", i+1), GatewayName: "Stripe"})
	}
	client, err := sb.Client()
	if err != nil {
		log.Fatal(err)
	}
	return sb, client
}

func ExampleNew() {
	sb, err := sandbox.New() // in production: leave WithBaseURL out
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	client, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()), wrapper.WithUserAgent("billing-sync/1.0"))
	if err != nil {
		log.Fatal(err)
	}
	n, err := client.Count(context.Background())
	fmt.Println(n, err)

	_, err = wrapper.New(wrapper.Credentials{SecureURL: "mystore.3dcartstores.com", PrivateKey: "key"})
	fmt.Println(err)
	// Output:
	// 0 <nil>
	// paymenttokens: Credentials.Token is empty; it is required (see your 3dcart app's settings)
}

func ExampleClient_Create() {
	sb, client := newExampleClient(0)
	defer sb.Close()
	id, err := client.Create(context.Background(), wrapper.PaymentToken{
		CustomerID:       42,
		PaymentProfileID: "tok_1NaXz2",
		GatewayName:      "Stripe",
		CardLast4:        4242,
	})
	fmt.Println(id, err)
	// Output: 1 <nil>
}

func ExampleClient_Get() {
	sb, client := newExampleClient(1)
	defer sb.Close()
	ctx := context.Background()
	t, found, err := client.Get(ctx, 1)
	fmt.Println(t.PaymentProfileID, found, err)
	_, found, err = client.Get(ctx, 99)
	fmt.Println(found, err)
	// Output:
	// tok_001 true <nil>
	// false <nil>
}

func ExampleClient_List() {
	sb, client := newExampleClient(5)
	defer sb.Close()
	page, err := client.List(context.Background(), wrapper.ListParams{Limit: 2, Offset: 3})
	for _, t := range page {
		fmt.Println(t.PaymentTokenID, t.PaymentProfileID)
	}
	fmt.Println(err)
	// Output:
	// 3 tok_003
	// 4 tok_004
	// <nil>
}

func ExampleClient_All() {
	sb, client := newExampleClient(1203)
	defer sb.Close()
	count := 0
	for t, err := range client.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		if count == 0 {
			fmt.Println("first:", t.PaymentProfileID)
		}
		count++
	}
	fmt.Println("tokens:", count)
	// Output:
	// first: tok_001
	// tokens: 1203
}

func ExampleClient_UpdateMany() {
	sb, client := newExampleClient(2)
	defer sb.Close()
	ctx := context.Background()
	// Tokens are sent whole: read them, change what you mean to, send them back.
	var tokens []wrapper.PaymentToken
	for t, err := range client.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		t.GatewayName = "Braintree"
		tokens = append(tokens, t)
	}
	missing := tokens[0]
	missing.PaymentTokenID = 7 // no such token
	results, err := client.UpdateMany(ctx, append(tokens[:1], missing))
	for _, r := range results {
		fmt.Println(r.Value, r.Status, r.Message)
	}
	var batchErr *wrapper.BatchError
	if errors.As(err, &batchErr) {
		fmt.Println("failed:", len(batchErr.Failed))
	}
	// Output:
	// 1 200 updated successfully
	// 7 404 No payment tokens found.
	// failed: 1
}

func ExampleClient_Delete() {
	sb, client := newExampleClient(1)
	defer sb.Close()
	ctx := context.Background()
	fmt.Println(client.Delete(ctx, 1))
	err := client.Delete(ctx, 1)
	fmt.Println(errors.Is(err, wrapper.ErrNotFound))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// paymenttokens: DELETE /3dCartWebAPI/v2/PaymentTokens/1: 404 Not Found: No payment tokens found.
}

func ExampleClient_Modify() {
	sb, client := newExampleClient(1)
	defer sb.Close()
	ctx := context.Background()
	err := client.Modify(ctx, 1, func(t *wrapper.PaymentToken) error {
		t.CardExpYear = 2031 // every other field keeps its value
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	t, _, err := client.Get(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.PaymentProfileID, t.CardExpYear)
	err = client.Modify(ctx, 99, func(*wrapper.PaymentToken) error { return nil })
	fmt.Println(errors.Is(err, wrapper.ErrNotFound))
	// Output:
	// tok_001 2031
	// true
}

func ExampleClient_Update() {
	sb, client := newExampleClient(1)
	defer sb.Close()
	ctx := context.Background()
	t, _, err := client.Get(ctx, 1) // Update sends the whole token: start from the stored one
	if err != nil {
		log.Fatal(err)
	}
	t.GatewayName = "Braintree"
	if err := client.Update(ctx, 1, t); err != nil {
		log.Fatal(err)
	}
	t, _, _ = client.Get(ctx, 1)
	fmt.Println(t.PaymentProfileID, t.GatewayName)
	// Output: tok_001 Braintree
}

func ExampleClient_Count() {
	sb, client := newExampleClient(3)
	defer sb.Close()
	n, err := client.Count(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
	// Output: 3
}

// Errors are matched with errors.Is for the kind and errors.As for the details.
func ExampleAPIError() {
	sb, client := newExampleClient(0)
	defer sb.Close()
	err := client.Update(context.Background(), 42, wrapper.PaymentToken{CustomerID: 1})
	switch {
	case errors.Is(err, wrapper.ErrOutcomeUnknown):
		fmt.Println("the update may have been applied: read the token before retrying")
	case errors.Is(err, wrapper.ErrNotFound):
		var apiErr *wrapper.APIError
		errors.As(err, &apiErr)
		fmt.Println(apiErr.StatusCode, apiErr.Messages)
	}
	// Output: 404 [No payment tokens found.]
}

// Options tune retries, pacing and bulk work; each one checks its input.
func ExampleOption() {
	sb, err := sandbox.New()
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	client, err := wrapper.New(wrapper.Credentials(sb.Credentials()),
		wrapper.WithBaseURL(sb.URL()),                      // leave out in production
		wrapper.WithRateLimit(2, 50),                       // the API's limit (the default)
		wrapper.WithMaxRetries(5),                          // more patience for a long job
		wrapper.WithRetryWait(time.Second, 30*time.Second), // backoff bounds
		wrapper.WithBatchSize(500),                         // UpdateMany: 500 tokens per request
		wrapper.WithConcurrency(2),                         // All and UpdateMany: 2 requests in flight
	)
	fmt.Println(client != nil, err)
	_, err = wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBatchSize(501))
	fmt.Println(err)
	// Output:
	// true <nil>
	// paymenttokens: WithBatchSize(501): want 1 to 500
}
