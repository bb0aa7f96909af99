package rediscoord_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/rediscoord"
)

// Every process of a service on one store shares the store's budget
// through one Redis: no 429, the full rate among them.
func ExampleNewLimiter() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	limiter, err := rediscoord.NewLimiter(ctx, rdb, wrapper.DefaultRatePerSec, wrapper.DefaultRateBurst)
	if err != nil {
		log.Fatal(err) // Redis cannot be reached: no silent fall back
	}
	client, err := wrapper.New(wrapper.Credentials{
		SecureURL:  "https://mystore.3dcartstores.com",
		PrivateKey: os.Getenv("THREEDCART_PRIVATE_KEY"),
		Token:      os.Getenv("THREEDCART_TOKEN"),
	}, wrapper.WithLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	n, err := client.Count(ctx)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d tokens", n)
}

// One import per store across machines: the second is refused, naming the first.
func ExampleAcquireLease() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	client, err := wrapper.New(wrapper.Credentials{
		SecureURL:  "https://mystore.3dcartstores.com",
		PrivateKey: os.Getenv("THREEDCART_PRIVATE_KEY"),
		Token:      os.Getenv("THREEDCART_TOKEN"),
	})
	if err != nil {
		log.Fatal(err)
	}
	lease, err := rediscoord.AcquireLease(ctx, rdb, client.StoreDigest(), 30*time.Second)
	if err != nil {
		log.Fatal(err) // a *HeldError names the holder's host, process id and since when
	}
	defer lease.Release(ctx)
	// Write with the lease's context: it ends when the lease is lost.
	if _, err := client.Create(lease.Context(), wrapper.PaymentToken{CustomerID: 7, PaymentProfileID: "tok_123"}); err != nil {
		log.Fatal(err)
	}
}
