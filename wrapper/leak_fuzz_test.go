package wrapper_test

import (
	"bytes"
	"html"
	"log/slog"
	"net/url"
	"testing"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// secretEncodings are the forms in which a server may echo a secret.
var secretEncodings = []func(string) string{
	func(s string) string { return s },
	jsonInside,
	escapeAll,
	url.QueryEscape,
	url.PathEscape,
	html.EscapeString,
}

// answerKinds wrap the (encoded) echo into each kind of answer the client reads.
var answerKinds = []struct {
	status int
	wrap   func(echo string) string
}{
	{500, func(e string) string { return e }},
	{400, func(e string) string { return `[{"Key":"Error","Status":"400","Message":"` + e + `"}]` }},
	{404, func(e string) string { return `{"Message":"` + e + `"}` }},
	{429, func(e string) string { return `<html><body>` + e + `</body></html>` }},
	{201, func(e string) string {
		return `[{"Key":"PaymentTokenID","Value":"` + e + `","Status":"201","Message":"m"}]`
	}},
	{200, func(e string) string {
		return `[{"Key":"PaymentTokenID","Value":"1","Status":"` + e + `","Message":"` + e + `"}]`
	}},
	{206, func(e string) string {
		return `[{"Key":"K","Value":"` + e + `","Status":"404","Message":"` + e + `"},{}]`
	}},
	{200, func(e string) string {
		return `[{"PaymentTokenID":1,"LastUpdate":"` + e + `","GatewayName":"` + e + `"}]`
	}},
	{200, func(e string) string { return `{"TotalCount":"` + e + `"}` }},
}

// FuzzSecretsNeverLeak puts a secret, in every encoding, at any position of
// every kind of answer, and checks every rendering of every error and every
// log record for the secret or any 6-byte piece of it that the answer did
// not hold by chance.
func FuzzSecretsNeverLeak(f *testing.F) {
	f.Add([]byte("headers: "), uint16(5), uint8(0), uint8(0), false)
	f.Add(bytes.Repeat([]byte("x"), 1100), uint16(1010), uint8(0), uint8(0), true)
	f.Add([]byte("echo \u00e9 "), uint16(3), uint8(1), uint8(1), true)
	f.Add([]byte("<p>"), uint16(3), uint8(5), uint8(3), false)
	f.Add([]byte(""), uint16(0), uint8(2), uint8(4), true)
	f.Add([]byte("ab"), uint16(1), uint8(3), uint8(7), false)
	f.Fuzz(func(t *testing.T, filler []byte, at uint16, encoding, kind uint8, token bool) {
		secret := hostileCreds.PrivateKey
		if token {
			secret = hostileCreds.Token
		}
		pos := int(at) % (len(filler) + 1)
		echo := string(filler[:pos]) + secretEncodings[int(encoding)%len(secretEncodings)](secret) + string(filler[pos:])
		answer := answerKinds[int(kind)%len(answerKinds)]
		var logs bytes.Buffer
		c := answering(t, hostileCreds, answer.status, answer.wrap(echo), wrapper.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		text := renderings(everyCall(t.Context(), c)) + logs.String()
		if piece := leakedPiece(text, string(filler), hostileCreds.PrivateKey, hostileCreds.Token); piece != "" {
			t.Fatalf("%q leaked from a %d answer %q", piece, answer.status, answer.wrap(echo))
		}
	})
}
