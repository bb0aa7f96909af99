package wrapper_test

import (
	"context"
	"fmt"
	"log"
	"sync"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// Many stores in one process: one Client per store, each with its own pacer
// (the API's limit is per store), all on the one shared transport (no
// WithHTTPClient), and at most maxStoresAtOnce stores worked on at a time.
func ExampleNew_manyStores() {
	const maxStoresAtOnce = 64 // bounds goroutines, memory and connections, whatever the number of stores
	// In production: the credentials of every store that installed the app, and no WithBaseURL.
	stores := make([]wrapper.Credentials, 3)
	urls := make([]string, len(stores))
	for i := range stores {
		sb, err := sandbox.New()
		if err != nil {
			log.Fatal(err)
		}
		defer sb.Close()
		for n := range (i + 1) * 10 {
			sb.Seed(sandbox.SampleToken(int32(n + 1)))
		}
		stores[i], urls[i] = wrapper.Credentials(sb.Credentials()), sb.URL()
	}

	clients := make([]*wrapper.Client, len(stores))
	for i, creds := range stores {
		c, err := wrapper.New(creds, wrapper.WithBaseURL(urls[i])) // default pacing: 2 requests/s for this store
		if err != nil {
			log.Fatal(err)
		}
		clients[i] = c
	}

	ctx := context.Background()
	exported := make([]int, len(clients))
	slots := make(chan struct{}, maxStoresAtOnce)
	var wg sync.WaitGroup
	for i, c := range clients {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			for _, err := range c.All(ctx) {
				if err != nil {
					log.Printf("store %d: %v", i, err) // one store's failure does not stop the others
					return
				}
				exported[i]++
			}
		})
	}
	wg.Wait()
	fmt.Println(exported)
	// Output: [10 20 30]
}
