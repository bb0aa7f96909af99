package tokenfile_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// readAll reads every token of content.
func readAll(content string, f tokenfile.Format) ([]tokenfile.Record, error) {
	r, err := tokenfile.NewReader(strings.NewReader(content), f, "in")
	if err != nil {
		return nil, err
	}
	var out []tokenfile.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

func TestFilesRoundTripEveryField(t *testing.T) {
	full := wrapper.PaymentToken{PaymentTokenID: 1, CustomerID: 501, OrderID: 9001, PaymentProfileID: "pm_1",
		CardLast4: 1001, CardExpMonth: 2, CardExpYear: 2030, GatewayID: 7, BillingPaymentMethodID: 3}
	full.LastUpdate = wrapper.DateTime{Time: time.Date(2026, 3, 28, 14, 37, 0, 0, time.UTC)}
	full.GatewayName = strings.Repeat("é", 50) // the longest string the API stores, in characters
	full.CustomerProfileID = `quote " comma , newline` + "\n"
	for _, f := range []tokenfile.Format{tokenfile.JSONL, tokenfile.CSV} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := tokenfile.NewWriter(&buf, f)
			require.NoError(t, err)
			require.NoError(t, w.Write(full))
			require.NoError(t, w.Write(wrapper.PaymentToken{PaymentProfileID: "only"}))
			require.NoError(t, w.Flush())

			recs, err := readAll(buf.String(), f)
			require.NoError(t, err)
			require.Len(t, recs, 2)
			assert.Equal(t, full, recs[0].Token)
			assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "only"}, recs[1].Token)
			if f == tokenfile.CSV {
				assert.True(t, strings.HasPrefix(buf.String(), strings.Join(tokenfile.FieldNames(), ",")+"\n"))
				assert.Equal(t, []int{2, 4}, []int{recs[0].Line, recs[1].Line}, "a quoted newline spans two lines")
			} else {
				assert.Contains(t, buf.String(), `"LastUpdate":"2026-03-28T14:37:00Z"`)
			}
		})
	}
}

func TestReadersAcceptWhatTheyDocument(t *testing.T) {
	recs, err := readAll("\n{\"PaymentProfileID\":\"a\",\"LastUpdate\":\"03/28/2019 14:37\",\"OrderID\":null}\n\n{}\n", tokenfile.JSONL)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, []int{2, 4}, []int{recs[0].Line, recs[1].Line}, "blank lines are skipped but counted")
	assert.Equal(t, time.Date(2019, 3, 28, 14, 37, 0, 0, time.UTC), recs[0].Token.LastUpdate.Time)

	recs, err = readAll("{\"PaymentProfileID\":\"\\ud83d\\ude00 \\\\ud800\"}\n", tokenfile.JSONL)
	require.NoError(t, err, "a surrogate pair, and an escaped backslash before what looks like an escape")
	assert.Equal(t, "😀 \\ud800", recs[0].Token.PaymentProfileID)

	recs, err = readAll("\ufeffPaymentProfileID,GatewayID\r\np1,7\r\np2,\r\n", tokenfile.CSV)
	require.NoError(t, err, "a subset of the columns, in any order, with a BOM and CRLF")
	require.Len(t, recs, 2)
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "p1", GatewayID: 7}, recs[0].Token)
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "p2"}, recs[1].Token)

	recs, err = readAll("\ufeff\" PaymentProfileID \",  GatewayName\t\r\n\r\n\"a\r\nb\",\"\"\"\"\r\n\nc\rd,e\r", tokenfile.CSV)
	require.NoError(t, err, "a BOM before a quoted name, spaces around names, blank lines")
	require.Len(t, recs, 2)
	assert.Equal(t, []int{3, 6}, []int{recs[0].Line, recs[1].Line}, "the lines records start on")
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "a\r\nb", GatewayName: `"`}, recs[0].Token, "a quoted CR LF is kept")
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "c\rd", GatewayName: "e"}, recs[1].Token, "a bare CR is data, a CR ending the file is not")
}

func TestCSVReadsBackTheQuoteThatEscapesAFormula(t *testing.T) {
	recs, err := readAll("PaymentProfileID,CustomerProfileID,GatewayName,GatewayID\n"+
		"'=1+2,'-x,'@a,-5\n"+
		"''a,'a,\"'\t\",\n"+
		"'',\"'\r\",'+,\n"+
		"'''=,'1,\"'\"\"\",\n", tokenfile.CSV)
	require.NoError(t, err)
	want := []wrapper.PaymentToken{
		{PaymentProfileID: "=1+2", CustomerProfileID: "-x", GatewayName: "@a", GatewayID: -5},
		{PaymentProfileID: "'a", CustomerProfileID: "'a", GatewayName: "\t"},
		{PaymentProfileID: "'", CustomerProfileID: "\r", GatewayName: "+"},
		{PaymentProfileID: "''=", CustomerProfileID: "'1", GatewayName: `'"`},
	}
	require.Len(t, recs, len(want))
	for i, w := range want {
		assert.Equal(t, w, recs[i].Token, "row %d", i+2)
	}
	_, err = readAll("GatewayID\n'5\n", tokenfile.CSV)
	require.ErrorContains(t, err, "field GatewayID: want a whole number", "numbers are never escaped")
}

func TestReadersRefuseDefectsNamingLineAndField(t *testing.T) {
	long := strings.Repeat("x", 51)
	for _, tc := range []struct {
		name    string
		format  tokenfile.Format
		content string
		line    int
		field   string
		want    string
	}{
		{"malformed", tokenfile.JSONL, "{}\n{\"GatewayID\":1,\n", 2, "", "not a JSON object"},
		{"array", tokenfile.JSONL, "[1]\n", 1, "", "not a JSON object"},
		{"null line", tokenfile.JSONL, "null\n", 1, "", "not a JSON object"},
		{"unknown field", tokenfile.JSONL, "{}\n{}\n{\"Gateway\":1}\n", 3, "Gateway", "unknown field"},
		{"wrong case", tokenfile.JSONL, "{\"gatewayid\":1}\n", 1, "gatewayid", "exact case"},
		{"string for a number", tokenfile.JSONL, "{\"GatewayID\":\"7\"}\n", 1, "GatewayID", `want a whole number from -2147483648 to 2147483647, got the string "7"`},
		{"fraction", tokenfile.JSONL, "{\"CardLast4\":4.2}\n", 1, "CardLast4", "want a whole number"},
		{"beyond int32", tokenfile.JSONL, "{\"CustomerID\":2147483648}\n", 1, "CustomerID", "want a whole number"},
		{"number for a string", tokenfile.JSONL, "{\"PaymentProfileID\":12}\n", 1, "PaymentProfileID", `want a string, got "12"`},
		{"too long", tokenfile.JSONL, "{\"GatewayName\":\"" + long + "\"}\n", 1, "GatewayName", "51 characters long; the API stores at most 50"},
		{"bad date", tokenfile.JSONL, "{\"LastUpdate\":\"yesterday\"}\n", 1, "LastUpdate", "want a date"},
		{"date not a string", tokenfile.JSONL, "{\"LastUpdate\":5}\n", 1, "LastUpdate", "want a date string"},
		{"long line", tokenfile.JSONL, "{\"GatewayName\":\"" + strings.Repeat("x", 70000) + "\"}\n", 1, "", "longer than 65536 bytes"},
		{"empty csv", tokenfile.CSV, "", 1, "", "the file is empty"},
		{"unknown column", tokenfile.CSV, "GatewayID,Nope\n", 1, "Nope", "unknown column"},
		{"repeated column", tokenfile.CSV, "GatewayID,GatewayID\n", 1, "GatewayID", "appears twice"},
		{"cell count", tokenfile.CSV, "GatewayID,OrderID\n1,2\n3\n", 3, "", "different number of cells"},
		{"bad number", tokenfile.CSV, "GatewayID\n1\nseven\n", 3, "GatewayID", `want a whole number from -2147483648 to 2147483647, got "seven"`},
		{"csv too long", tokenfile.CSV, "PaymentProfileID\n" + long + "\n", 2, "PaymentProfileID", "51 characters long"},
		{"bare quote", tokenfile.CSV, "PaymentProfileID\na\"b\n", 2, "PaymentProfileID", "malformed CSV: a quote inside a value that is not quoted"},
		{"after closing quote", tokenfile.CSV, "PaymentProfileID\n\"a\"b\n", 2, "PaymentProfileID", "a character follows the closing quote"},
		{"CR after closing quote", tokenfile.CSV, "PaymentProfileID,GatewayID\n\"a\"\rb,1\n", 2, "PaymentProfileID", "a carriage return follows the closing quote"},
		{"quote not closed", tokenfile.CSV, "GatewayID,PaymentProfileID\n1,\"a\nb\n", 2, "PaymentProfileID", "the quoted value is not closed"},
		{"csv invalid UTF-8", tokenfile.CSV, "GatewayID,PaymentProfileID\n1,a\n2,\"b\nc\"\n3,pm_\xe9\n", 5, "PaymentProfileID", "not valid UTF-8: byte 0xE9 at byte 4 of the value"},
		{"header invalid UTF-8", tokenfile.CSV, "GatewayID,Payment\xffID\n", 1, "", "cell 2: not valid UTF-8"},
		{"extra cell invalid UTF-8", tokenfile.CSV, "GatewayID\n1,\xff\n", 2, "", "cell 2: not valid UTF-8"},
		{"unprintable column", tokenfile.CSV, "GatewayID,Ne\x1bx\n", 1, `"Ne\x1bx"`, "unknown column"},
		{"huge cell", tokenfile.CSV, "GatewayID,PaymentProfileID\n1,\"" + strings.Repeat("x", 5000) + "\"\n", 2, "PaymentProfileID", "longer than 1024 bytes, the most a cell may hold (the API stores at most 50 characters)"},
		{"huge record", tokenfile.CSV, "GatewayID,OrderID\n\n" + strings.Repeat(",", 70000) + "\n", 3, "", "the record is longer than 65536 bytes"},
		{"unclosed quote runs on", tokenfile.CSV, "GatewayID\n\"" + strings.Repeat("1\n", 40000), 2, "GatewayID", "longer than 1024 bytes, the most a cell may hold (is a quoted value not closed?)"},
		{"jsonl invalid UTF-8", tokenfile.JSONL, "{}\n{\"GatewayName\":\"St\xe9\",\"GatewayID\":1}\n", 2, "GatewayName", "not valid UTF-8: byte 0xE9 at byte 19 of the line"},
		{"invalid UTF-8 in a name", tokenfile.JSONL, "{\"Gateway\xe9\":1}\n", 1, "", "not valid UTF-8"},
		{"invalid UTF-8 in broken JSON", tokenfile.JSONL, "{\"GatewayName\":\"\xe9\n", 1, "", "not valid UTF-8"},
		{"repeated field", tokenfile.JSONL, "{\"GatewayID\":1,\"PaymentProfileID\":\"a\",\"GatewayID\":1}\n", 1, "GatewayID", "the field appears twice"},
		{"repeated through an escape", tokenfile.JSONL, "{\"GatewayID\":1,\"Gateway\\u0049D\":2}\n", 1, "GatewayID", "appears twice"},
		{"lone surrogate", tokenfile.JSONL, "{\"PaymentProfileID\":\"a\\ud800b\"}\n", 1, "PaymentProfileID", "half of a UTF-16 surrogate pair"},
		{"low surrogate alone", tokenfile.JSONL, "{\"PaymentProfileID\":\"\\udc00\"}\n", 1, "PaymentProfileID", "surrogate"},
		{"surrogate at the end", tokenfile.JSONL, "{\"PaymentProfileID\":\"\\\\\\ud83d\"}\n", 1, "PaymentProfileID", "surrogate"},
		{"two objects on a line", tokenfile.JSONL, "{} {}\n", 1, "", "not a JSON object"},
		{"unprintable field", tokenfile.JSONL, "{\"a\\u001b[2J\":1}\n", 1, `"a\x1b[2J"`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(tc.content, tc.format)
			var ie *tokenfile.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "in", ie.File)
			assert.Equal(t, tc.line, ie.Line)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "paymenttokens: in:"), err.Error())
		})
	}
}

func TestFormats(t *testing.T) {
	for in, want := range map[string]tokenfile.Format{"a.jsonl": tokenfile.JSONL, "b.NDJSON": tokenfile.JSONL, "dir.x/c.csv": tokenfile.CSV} {
		got, err := tokenfile.FormatOf(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := tokenfile.FormatOf("tokens.json")
	require.ErrorContains(t, err, `cannot tell the format of "tokens.json" from its extension ".json"`)
	_, err = tokenfile.ParseFormat("xml")
	require.ErrorContains(t, err, "use jsonl or csv")
	_, err = tokenfile.NewWriter(io.Discard, 0)
	require.ErrorContains(t, err, "Format(0) is not a file format")
	_, err = tokenfile.NewReader(strings.NewReader(""), 9, "x")
	require.Error(t, err)
	assert.Equal(t, "csv", tokenfile.CSV.String())
}

func TestKeys(t *testing.T) {
	got, err := tokenfile.ParseKey(" GatewayID, PaymentProfileID ")
	require.NoError(t, err)
	assert.Equal(t, []string{"GatewayID", "PaymentProfileID"}, got)
	for spec, want := range map[string]string{
		"":                    `key field "" is not a token field`,
		"GatewayID,gatewayid": `key field "gatewayid" is not a token field; choose among`,
		"PaymentTokenID":      "set by the target store",
		"LastUpdate":          "set by the target store",
		"OrderID,OrderID":     "key field OrderID is given twice",
	} {
		_, err := tokenfile.ParseKey(spec)
		require.ErrorContains(t, err, want, spec)
	}
	require.ErrorContains(t, tokenfile.CheckKey(nil), "the key has no fields")
	require.NoError(t, tokenfile.CheckKey(tokenfile.DefaultKey()))
}
