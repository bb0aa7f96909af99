// Command wrapper counts a store's payment tokens through the wrapper: the
// smallest program using the library, whose size `make size` reports.
// It reads THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY and THREEDCART_TOKEN.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func main() {
	n, err := count(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}

func count(ctx context.Context) (int, error) {
	client, err := wrapper.New(wrapper.Credentials{
		SecureURL:  os.Getenv("THREEDCART_SECURE_URL"),
		PrivateKey: os.Getenv("THREEDCART_PRIVATE_KEY"),
		Token:      os.Getenv("THREEDCART_TOKEN"),
	})
	if err != nil {
		return 0, err
	}
	return client.Count(ctx)
}
