// Command demo runs the PaymentTokens lifecycle through the wrapper, then a
// migration between two stores (export, an interrupted import resumed from
// its journal, diff), and prints a report. Without credentials it runs
// everything on built-in sandboxes; with THREEDCART_SECURE_URL, THREEDCART_PRIVATE_KEY and
// THREEDCART_TOKEN set it runs only the read-only part against that store.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	creds := wrapper.Credentials{
		SecureURL:  os.Getenv("THREEDCART_SECURE_URL"),
		PrivateKey: os.Getenv("THREEDCART_PRIVATE_KEY"),
		Token:      os.Getenv("THREEDCART_TOKEN"),
	}
	if creds.SecureURL != "" || creds.PrivateKey != "" || creds.Token != "" {
		client, err := wrapper.New(creds)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Read-only run against %s\n", creds.SecureURL)
		return readOnly(ctx, out, client)
	}

	sb, err := sandbox.New()
	if err != nil {
		return err
	}
	defer sb.Close()
	sb.Seed(sampleTokens(1203)...)
	client, err := sb.Client()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Sandbox at %s, seeded with 1203 tokens\n", sb.URL())
	if err := readOnly(ctx, out, client); err != nil {
		return err
	}
	if err := writes(ctx, out, client); err != nil {
		return err
	}
	return migration(ctx, out)
}

// readOnly counts, lists a page and walks every token.
func readOnly(ctx context.Context, out io.Writer, client *wrapper.Client) error {
	n, err := client.Count(ctx)
	if err != nil {
		return err
	}
	report(out, "count", "%d tokens\n", n)
	page, err := client.List(ctx, wrapper.ListParams{Limit: 3, Offset: 1})
	if err != nil {
		return err
	}
	report(out, "list limit=3 offset=1", "%d tokens:", len(page))
	for _, t := range page {
		fmt.Fprintf(out, " #%d (%s, card ..%04d)", t.PaymentTokenID, t.GatewayName, t.CardLast4)
	}
	fmt.Fprintln(out)
	walked, pages := 0, 0
	for _, err := range client.All(ctx) {
		if err != nil {
			return err
		}
		if walked%wrapper.MaxLimit == 0 {
			pages++
		}
		walked++
	}
	report(out, "all", "%d tokens in %d pages of up to %d\n", walked, pages, wrapper.MaxLimit)
	return nil
}

// writes runs create, get, update, bulk update, delete and a get of the deleted id.
func writes(ctx context.Context, out io.Writer, client *wrapper.Client) error {
	id, err := client.Create(ctx, wrapper.PaymentToken{CustomerID: 4242, OrderID: 9001, PaymentProfileID: "tok_demo", GatewayName: "Stripe", CardLast4: 4242, CardExpMonth: 12, CardExpYear: 2030})
	if err != nil {
		return err
	}
	report(out, "create", "new PaymentTokenID %d\n", id)
	t, found, err := client.Get(ctx, id)
	if err != nil {
		return err
	}
	report(out, fmt.Sprintf("get %d", id), "found=%v customer=%d gateway=%s last update=%s\n", found, t.CustomerID, t.GatewayName, t.LastUpdate.Format(time.RFC3339))
	t.GatewayName = "Braintree"
	if err := client.Update(ctx, id, t); err != nil {
		return err
	}
	t, _, err = client.Get(ctx, id)
	if err != nil {
		return err
	}
	report(out, fmt.Sprintf("update %d", id), "gateway now %s\n", t.GatewayName)
	results, err := client.UpdateMany(ctx, []wrapper.PaymentToken{
		{PaymentTokenID: 1, GatewayName: "Braintree"},
		{PaymentTokenID: 999999, GatewayName: "Braintree"},
		{PaymentTokenID: 2, GatewayName: "Braintree"},
	})
	var batchErr *wrapper.BatchError
	if err != nil && !errors.As(err, &batchErr) {
		return err
	}
	report(out, "update many (3 tokens)", "")
	for _, r := range results {
		fmt.Fprintf(out, " #%s→%d", r.Value, r.Status)
	}
	fmt.Fprintf(out, "; error: %v\n", err)
	if err := client.Delete(ctx, id); err != nil {
		return err
	}
	report(out, fmt.Sprintf("delete %d", id), "done\n")
	_, found, err = client.Get(ctx, id)
	if err != nil {
		return err
	}
	report(out, fmt.Sprintf("get %d (deleted)", id), "found=%v err=%v\n", found, err)
	err = client.Delete(ctx, id)
	report(out, fmt.Sprintf("delete %d again", id), "errors.Is(err, ErrNotFound)=%v: %v\n", errors.Is(err, wrapper.ErrNotFound), err)
	return nil
}

func sampleTokens(n int) []wrapper.PaymentToken {
	gateways := []string{"Stripe", "Authorize.Net", "Braintree"}
	tokens := make([]wrapper.PaymentToken, n)
	for i := range tokens {
		tokens[i] = wrapper.PaymentToken{
			CustomerID:       int32(1000 + i),
			OrderID:          int32(50000 + i),
			PaymentProfileID: fmt.Sprintf("tok_%06d", i+1),
			GatewayName:      gateways[i%len(gateways)],
			CardLast4:        int32(i % 10000),
			CardExpMonth:     int32(i%12 + 1),
			CardExpYear:      2027 + int32(i%5),
		}
	}
	return tokens
}

// report prints one line of the report: a label column, then the details.
func report(out io.Writer, label, format string, args ...any) {
	fmt.Fprintf(out, "%-24s"+format, append([]any{label}, args...)...)
}
