package migrate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// sandboxClient starts a sandbox store holding tokens and returns a client for it.
func sandboxClient(tokens ...wrapper.PaymentToken) (*sandbox.Server, *wrapper.Client) {
	sb, err := sandbox.New()
	if err != nil {
		panic(err)
	}
	sb.Seed(tokens...)
	c, err := sb.Client()
	if err != nil {
		panic(err)
	}
	return sb, c
}

// A migration: export the old store, import into the new one with a
// journal, then run the import again, which writes nothing.
func Example() {
	oldStore, from := sandboxClient(
		wrapper.PaymentToken{GatewayID: 7, CustomerProfileID: "cus_1", PaymentProfileID: "pm_1", CustomerID: 11},
		wrapper.PaymentToken{GatewayID: 7, CustomerProfileID: "cus_2", PaymentProfileID: "pm_2", CustomerID: 12},
	)
	defer oldStore.Close()
	newStore, to := sandboxClient(wrapper.PaymentToken{GatewayID: 9, PaymentProfileID: "pm_other"})
	defer newStore.Close()
	dir, err := os.MkdirTemp("", "migration")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	file := filepath.Join(dir, "tokens.jsonl")
	f, err := os.Create(file)
	if err != nil {
		panic(err)
	}
	n, err := migrate.Export(ctx, from, f, migrate.ExportOptions{Format: tokenfile.JSONL})
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		panic(err)
	}
	fmt.Println("exported", n)

	customers := tokenfile.IDMap{11: 511, 12: 512} // from the customers' migration
	opts := migrate.ImportOptions{Journal: filepath.Join(dir, "journal"), IDMap: filepath.Join(dir, "token-ids.csv")}
	for range 2 {
		res, err := migrate.Import(ctx, to, migrate.Source{Path: file, CustomerMap: customers}, opts)
		if err != nil {
			panic(err)
		}
		fmt.Printf("created %d, unchanged %d\n", res.Created, res.Unchanged)
	}
	ids, err := tokenfile.ReadIDMap(opts.IDMap)
	if err != nil {
		panic(err)
	}
	fmt.Println("old id 1 is now", ids[1], "with customer", newStore.Tokens()[1].CustomerID)
	// Output:
	// exported 2
	// created 2, unchanged 0
	// created 0, unchanged 2
	// old id 1 is now 2 with customer 511
}
