// Command nethttp makes the request of ../wrapper with net/http and
// encoding/json only: the size a program pays for the API call itself,
// which `make size` compares the wrapper's program with.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://apirest.3dcart.com/3dCartWebAPI/v2/PaymentTokens?countonly=1", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("SecureURL", os.Getenv("THREEDCART_SECURE_URL"))
	req.Header.Set("PrivateKey", os.Getenv("THREEDCART_PRIVATE_KEY"))
	req.Header.Set("Token", os.Getenv("THREEDCART_TOKEN"))
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return 0, nil // the API's answer for an empty store
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET /PaymentTokens: %s", resp.Status)
	}
	var body struct{ TotalCount int }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("GET /PaymentTokens: %w", err)
	}
	return body.TotalCount, nil
}
