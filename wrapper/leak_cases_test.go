package wrapper_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// jsonInside is s as it stands inside a JSON string.
func jsonInside(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// escapeAll writes every character of s as a \uXXXX escape.
func escapeAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	return b.String()
}

// escapeEvery writes every nth character of s as a \uXXXX escape.
func escapeEvery(s string, n int) string {
	var b strings.Builder
	for i, r := range s {
		if i%n == n-1 {
			fmt.Fprintf(&b, `\u%04X`, r)
		} else {
			b.WriteString(jsonInside(string(r)))
		}
	}
	return b.String()
}

// utf16le is s in UTF-16, little endian (ASCII only).
func utf16le(s string) string {
	var b strings.Builder
	for i := range len(s) {
		b.WriteByte(s[i])
		b.WriteByte(0)
	}
	return b.String()
}

func TestARedirectEchoingASecretLeavesNoneInTheErrorChain(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.2:1/?k="+url.QueryEscape(r.Header.Get("Token"))+"&p="+r.Header.Get("PrivateKey"), http.StatusFound)
	}))
	defer srv.Close()
	c, err := wrapper.New(testCreds, wrapper.WithBaseURL(srv.URL), wrapper.WithRateLimit(0, 0),
		wrapper.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
	require.NoError(t, err)
	_, _, err = c.Get(t.Context(), 1)
	require.ErrorContains(t, err, "redirect")
	assert.Empty(t, leakedPiece(renderings([]error{err}), "", testCreds.PrivateKey, testCreds.Token))
}

func TestHostileAnswersNeverLeakASecret(t *testing.T) {
	t.Parallel()
	pk, tk := hostileCreds.PrivateKey, hostileCreds.Token
	long := strings.Repeat("x", 1000) // puts the echo across the 1 KiB excerpt's edge
	cases := map[string]struct {
		status int
		body   string
	}{
		"echo cut by the body excerpt":    {500, long + strings.Repeat("y", 24-len(pk)/2) + pk + tk},
		"echo cut by the message excerpt": {500, strings.Repeat("z", 190) + tk},
		"JSON-escaped echo":               {400, `[{"Message":"key ` + jsonInside(pk) + ` token ` + jsonInside(tk) + `"}]`},
		"every character escaped":         {400, `[{"Message":"` + escapeAll(tk) + `"}]`},
		"URL-escaped echo":                {502, "<a href='/?k=" + url.QueryEscape(tk) + "'>retry</a>"},
		"HTML-escaped echo":               {503, "<p>" + html.EscapeString(tk) + "</p>"},
		"token behind the key":            {500, "headers: " + tk},
		"201 whose Value is the key":      {201, `[{"Key":"PaymentTokenID","Value":"` + jsonInside(pk) + `","Status":"201","Message":"m"}]`},
		"200 whose Status is the token":   {200, `[{"Key":"PaymentTokenID","Value":"1","Status":"` + jsonInside(tk) + `","Message":"m"},{"Key":"PaymentTokenID","Value":"2","Status":"200","Message":"m"}]`},
		"206 whose Value is the token":    {206, `[{"Key":"PaymentTokenID","Value":"` + jsonInside(tk) + `","Status":"404","Message":"` + jsonInside(pk) + `"},{"Key":"PaymentTokenID","Value":"2","Status":"200","Message":"m"}]`},
		"LastUpdate is the token":         {200, `[{"PaymentTokenID":1,"LastUpdate":"` + jsonInside(tk) + `"}]`},
		"every sixth character escaped":   {500, `[{"Message":"` + escapeEvery(tk, 6) + `"}]`},
		"upper-cased echo":                {500, "TOKEN " + strings.ToUpper(tk)},
		"UTF-16LE echo":                   {500, utf16le("echo " + tk)},
		"base64 echo":                     {500, "k=" + base64.StdEncoding.EncodeToString([]byte(tk))},
		"hex echo":                        {500, "k=" + hex.EncodeToString([]byte(pk))},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			c := answering(t, hostileCreds, tc.status, tc.body, wrapper.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			errs := everyCall(t.Context(), c)
			require.NotEmpty(t, errs)
			text := renderings(errs) + logs.String()
			assert.Empty(t, leakedPiece(text, "", pk, tk), "a secret or a piece of one leaked")
			for _, s := range []string{pk, tk} {
				assert.NotContains(t, text, base64.StdEncoding.EncodeToString([]byte(s)))
				assert.NotContains(t, text, hex.EncodeToString([]byte(s)))
			}
		})
	}
}

func TestCredentialsAreTrimmedAndControlCharactersRefused(t *testing.T) {
	t.Parallel()
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("PrivateKey"), r.Header.Get("Token"))
		respond(500, `[{"Message":"echo `+jsonInside(r.Header.Get("PrivateKey"))+`"}]`)(w, r)
	}))
	defer srv.Close()
	padded := wrapper.Credentials{SecureURL: " https://store.example ", PrivateKey: " \tpk-padded-7f3a ", Token: "tk-padded-91c2\t"}
	c, err := wrapper.New(padded, wrapper.WithBaseURL(srv.URL), wrapper.WithRateLimit(0, 0), wrapper.WithMaxRetries(0),
		wrapper.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
	require.NoError(t, err)
	_, err = c.Count(t.Context())
	require.Error(t, err)
	assert.Equal(t, []string{"pk-padded-7f3a", "tk-padded-91c2"}, got)
	assert.NotContains(t, err.Error(), "pk-padded-7f3a")

	for _, bad := range []string{"pk\x00x", "pk\x1bx", "pk\tx", "pk\x7fx", "pk\rx"} {
		_, err := wrapper.New(wrapper.Credentials{SecureURL: "s", PrivateKey: bad, Token: "t"})
		require.ErrorContains(t, err, "Credentials.PrivateKey has a control character")
		assert.NotContains(t, err.Error(), bad)
	}
}
