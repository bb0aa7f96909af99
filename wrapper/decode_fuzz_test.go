package wrapper

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shift4shop-go/paymenttokens/wrapper/internal/pipeline"
)

// FuzzDecode feeds arbitrary bodies to every decoder of answers and error
// bodies: none may panic, and whatever decodes must be consistent.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`[{"PaymentTokenID":1,"LastUpdate":"03/28/2019 14:37","GatewayName":"x"}]`,
		`[{"Key":"PaymentTokenID","Value":"1234","Status":"201","Message":"Created successfully"}]`,
		`[{"Key":"Error","Status":404,"Message":"No payment tokens found."}]`,
		`{"TotalCount": 306}`, `{"Message":"An error has occurred."}`, `<html>502</html>`,
		`null`, ``, `[`, `[{"PaymentTokenID": 3000000000}]`, `[{"Key":"k","Value":12,"Status":"x"}]`,
		`[{"Message":"` + strings.Repeat("\xff", 30) + `"}]`, // invalid UTF-8 decodes to longer U+FFFD runs
	} {
		f.Add([]byte(seed))
	}
	c, err := New(Credentials{SecureURL: "s", PrivateKey: "secret-key", Token: "secret-token"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := &pipeline.Reply{Status: 200, Header: http.Header{}, Body: body, Method: "GET", Path: "/PaymentTokens", Redact: c.redact}
		if tokens, err := decodeTokens(r); err == nil && tokens == nil {
			t.Fatalf("%q decoded to a nil list without error", body)
		}
		if results, err := c.decodeResults(r); err == nil {
			for _, res := range results {
				_ = res.OK()
			}
		}
		var count struct{ TotalCount *int32 }
		_ = pipeline.DecodeObject(r, &count)
		// Each byte of the body becomes at most one U+FFFD (3 bytes) in a
		// message; a page's summary adds its words around the title.
		for _, m := range errorMessages(body) {
			if len(m) > 3*len(body)+len(untitledPage) {
				t.Fatalf("message %q is out of proportion to the %d-byte body", m, len(body))
			}
		}
		r.Status = 500
		apiErr := c.newAPIError(r)
		if len(apiErr.Body) > bodyExcerptLimit {
			t.Fatalf("Body excerpt of %d bytes exceeds the cap", len(apiErr.Body))
		}
		_ = apiErr.Error()
	})
}
