package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/shift4shop-go/paymenttokens/tests/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// newExampleClient starts a sandbox with tokens seeded and a client for it.
func newExampleClient(seeded int) (*sandbox.Server, *wrapper.Client) {
	sb := sandbox.New()
	for i := range seeded {
		sb.Seed(wrapper.PaymentToken{CustomerID: int32(100 + i), PaymentProfileID: fmt.Sprintf("tok_%03d", i+1), GatewayName: "Stripe"})
	}
	client, err := wrapper.New(wrapper.Credentials(sb.Credentials()), wrapper.WithBaseURL(sb.URL()))
	if err != nil {
		log.Fatal(err)
	}
	return sb, client
}

func ExampleNew() {
	sb := sandbox.New() // in production: leave WithBaseURL out
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
	results, err := client.UpdateMany(context.Background(), []wrapper.PaymentToken{
		{PaymentTokenID: 1, GatewayName: "Braintree"},
		{PaymentTokenID: 7, GatewayName: "Braintree"}, // no such token
	})
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
