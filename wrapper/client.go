package wrapper

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/storeid"
)

// Client is a PaymentTokens client; one Client is safe for many goroutines.
type Client struct {
	cfg    *config
	server string              // the base URL, as the generated request builders want it
	pipe   *pipeline.Pipeline  // sends, paces and retries; holds the headers (the secrets live only in closures, never in printable fields)
	redact func(string) string // masks the secrets in text taken from answers

	storeDigest string // see StoreDigest
	storeName   string // see StorePlaces
}

// New checks the credentials (see Secrets in the package doc) and options
// and returns a Client. It sends no request.
func New(creds Credentials, opts ...Option) (*Client, error) {
	creds, err := cleanCredentials(creds)
	if err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("paymenttokens: New: a nil Option was passed")
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	if err := pipeline.CheckProxy(&cfg.httpClient, cfg.baseURL); err != nil {
		return nil, err
	}
	secureURL := creds.SecureURL
	if !strings.Contains(secureURL, "://") {
		secureURL = "https://" + secureURL
	}
	headers := http.Header{}
	headers.Set("SecureURL", secureURL)
	headers.Set("PrivateKey", creds.PrivateKey)
	headers.Set("Token", creds.Token)
	headers.Set("Accept", "application/json")
	headers.Set("User-Agent", cfg.userAgent)

	hc := cfg.httpClient // a copy: the caller's client is never mutated
	hc.CheckRedirect = pipeline.GuardRedirects(hc.CheckRedirect)
	authorize := func(_ context.Context, req *http.Request) error {
		for k, v := range headers {
			req.Header[k] = v[:1:1] // shared, but full: an Add elsewhere copies instead of writing into it
		}
		return nil
	}
	redact := pipeline.NewRedactor(creds.PrivateKey, creds.Token)
	storeDigest := storeid.Digest(secureURL, cfg.baseURL)
	cfg.pipe.Store = storeDigest
	return &Client{
		cfg:    cfg,
		server: cfg.baseURL.String() + "/", // the generated builders resolve paths relative to it
		pipe:   pipeline.New(cfg.pipe, &hc, authorize, redact),
		redact: redact,

		storeDigest: storeDigest,
		storeName:   storeid.Name(secureURL),
	}, nil
}
