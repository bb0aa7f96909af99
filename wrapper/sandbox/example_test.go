package sandbox_test

import (
	"context"
	"fmt"
	"log"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// Eighty creates at full speed: the client does not pace itself to the
// real API's 2 per second, which would make this take 15 s.
func ExampleServer_Client() {
	sb, err := sandbox.New()
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	client, err := sb.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for i := range int32(80) {
		if _, err := client.Create(ctx, wrapper.PaymentToken{CustomerID: i + 1, PaymentProfileID: fmt.Sprintf("tok_%02d", i+1)}); err != nil {
			log.Fatal(err)
		}
	}
	n, err := client.Count(ctx)
	fmt.Println(n, err)
	// Output: 80 <nil>
}
