package tokenfile_test

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// pieces are what random token strings are made of: the characters that
// CSV quoting, line breaks, spreadsheet formulas and JSON escaping treat
// specially, and some that they do not.
var pieces = []string{
	"a", "Z", "0", " ", "é", "€", "😀", `"`, ",", "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'", "''",
	`\`, "\x00", "\x1b", "\x7f", "\u0085", "\u2028", "\u202e", "\ufeff", "<", "&",
}

// randomString returns up to 50 characters (the API's limit) of pieces,
// often starting with a character a spreadsheet runs as a formula.
func randomString(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(2) == 0 {
		b.WriteString(pieces[7+rng.IntN(12)]) // from `"` to "''"
	}
	for n := rng.IntN(60); n > 0; n-- {
		p := pieces[rng.IntN(len(pieces))]
		if utf8.RuneCountInString(b.String()+p) > 50 {
			break
		}
		b.WriteString(p)
	}
	return b.String()
}

// randomToken fills every field of a token.
func randomToken(rng *rand.Rand) wrapper.PaymentToken {
	n := func() int32 { return int32(rng.Uint32()) >> rng.IntN(32) } // negative, small and large
	return wrapper.PaymentToken{
		PaymentTokenID: n(), CustomerID: n(), OrderID: n(), BillingPaymentMethodID: n(),
		CardLast4: n(), CardExpMonth: n(), CardExpYear: n(), GatewayID: n(),
		CustomerProfileID: randomString(rng), PaymentProfileID: randomString(rng), GatewayName: randomString(rng),
		LastUpdate: wrapper.DateTime{Time: time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).UTC()},
	}
}

// requireRoundTrip writes ts in format f and reads them back identical.
func requireRoundTrip(t *testing.T, f tokenfile.Format, ts []wrapper.PaymentToken) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := tokenfile.NewWriter(&buf, f)
	require.NoError(t, err)
	for _, tok := range ts {
		require.NoError(t, w.Write(tok))
	}
	require.NoError(t, w.Flush())
	recs, err := readAll(buf.String(), f)
	require.NoError(t, err, "%v", f)
	require.Len(t, recs, len(ts))
	for i, rec := range recs {
		require.Equal(t, ts[i], rec.Token, "%v: token %d", f, i)
	}
	return buf.Bytes()
}

// requireNoFormula fails when a cell of the CSV file, as a spreadsheet
// splits it, starts with a character that would run it as a formula.
func requireNoFormula(t *testing.T, content []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	require.NoError(t, err)
	for _, row := range rows {
		for _, cell := range row {
			_, notNumber := strconv.Atoi(cell)
			if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) && notNumber != nil {
				t.Fatalf("the cell %q would run as a formula", cell)
			}
		}
	}
}

func TestRandomTokensRoundTripInBothFormats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ts := make([]wrapper.PaymentToken, 2000)
	for i := range ts {
		ts[i] = randomToken(rng)
	}
	ts[0].PaymentProfileID = "=" + strings.Repeat("x", 49) // 50 characters, 51 in the file
	ts[1].PaymentProfileID = "'" + strings.Repeat("x", 49)
	ts[2] = wrapper.PaymentToken{}
	requireRoundTrip(t, tokenfile.JSONL, ts)
	requireNoFormula(t, requireRoundTrip(t, tokenfile.CSV, ts))
}

// FuzzTokensRoundTrip writes a token of arbitrary values (made valid
// UTF-8 and cut to the API's 50 characters) in both formats and reads it
// back identical; the CSV file has no cell a spreadsheet runs as a formula.
func FuzzTokensRoundTrip(f *testing.F) {
	f.Add("=HYPERLINK(\"http://x\")", "pm_1", "Stripe", int32(7), int32(-5))
	f.Add("'", "\r\n", "''=", int32(0), int32(1))
	f.Add("@a,\"b\"\r", "-", "\t\x1b\u202e", int32(-2147483648), int32(2147483647))
	f.Fuzz(func(t *testing.T, a, b, c string, n, m int32) {
		tok := wrapper.PaymentToken{
			CustomerProfileID: fit(a), PaymentProfileID: fit(b), GatewayName: fit(c),
			GatewayID: n, CustomerID: m, OrderID: -m, CardLast4: n ^ m,
		}
		requireRoundTrip(t, tokenfile.JSONL, []wrapper.PaymentToken{tok})
		requireNoFormula(t, requireRoundTrip(t, tokenfile.CSV, []wrapper.PaymentToken{tok, {}}))
	})
}

// fit makes s valid UTF-8 of at most 50 characters.
func fit(s string) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) > 50 {
		s = string([]rune(s)[:50])
	}
	return s
}

func TestTheCSVWriterEscapesFormulasOnly(t *testing.T) {
	var buf bytes.Buffer
	w, err := tokenfile.NewWriter(&buf, tokenfile.CSV)
	require.NoError(t, err)
	require.NoError(t, w.Write(wrapper.PaymentToken{GatewayID: -7, PaymentProfileID: "=1+2", CustomerProfileID: "pm-1", GatewayName: "'x"}))
	require.NoError(t, w.Flush())
	assert.Equal(t, strings.Join(tokenfile.FieldNames(), ",")+"\n,,,,,pm-1,-7,''x,,,'=1+2,\n", buf.String(),
		"a formula and a leading quote behind a quote; a negative number as digits")
}
