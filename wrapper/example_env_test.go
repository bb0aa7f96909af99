package wrapper_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// A program reads its store as the paymenttokens command does: from an env
// file (new.env, as "paymenttokens sandbox --env-out new.env" writes one),
// whose values win over the environment's.
func ExampleFromEnv() {
	sb, err := sandbox.New()
	if err != nil {
		log.Fatal(err)
	}
	defer sb.Close()
	sb.Seed(wrapper.PaymentToken{CustomerID: 7, PaymentProfileID: "tok_123", GatewayName: "Stripe"})
	creds := sb.Credentials()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	envFile := filepath.Join(dir, "new.env")
	text := fmt.Sprintf("%s=%s\n%s=%s\n%s=%s\n%s=%s\n",
		wrapper.EnvSecureURL, creds.SecureURL, wrapper.EnvPrivateKey, creds.PrivateKey,
		wrapper.EnvToken, creds.Token, wrapper.EnvBaseURL, sb.URL())
	if err := os.WriteFile(envFile, []byte(text), 0o600); err != nil {
		log.Fatal(err)
	}

	client, err := wrapper.FromEnv(envFile) // "" reads the environment alone
	if err != nil {
		log.Fatal(err) // a defect of the file (*wrapper.EnvFileError), or the variables that are missing
	}
	n, err := client.Count(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "token")
	// Output: 1 token
}
