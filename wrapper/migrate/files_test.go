package migrate_test

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
	"github.com/shift4shop-go/paymenttokens/wrapper/migrate"
)

// readAll reads every token of content.
func readAll(content string, f migrate.Format) ([]migrate.Record, error) {
	r, err := migrate.NewReader(strings.NewReader(content), f, "in")
	if err != nil {
		return nil, err
	}
	var out []migrate.Record
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
	full := token(1)
	full.BillingPaymentMethodID = 3
	full.LastUpdate = wrapper.DateTime{Time: time.Date(2026, 3, 28, 14, 37, 0, 0, time.UTC)}
	full.GatewayName = strings.Repeat("é", 50) // the longest string the API stores, in characters
	full.CustomerProfileID = `quote " comma , newline` + "\n"
	for _, f := range []migrate.Format{migrate.JSONL, migrate.CSV} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := migrate.NewWriter(&buf, f)
			require.NoError(t, err)
			require.NoError(t, w.Write(full))
			require.NoError(t, w.Write(wrapper.PaymentToken{PaymentProfileID: "only"}))
			require.NoError(t, w.Flush())

			recs, err := readAll(buf.String(), f)
			require.NoError(t, err)
			require.Len(t, recs, 2)
			assert.Equal(t, full, recs[0].Token)
			assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "only"}, recs[1].Token)
			if f == migrate.CSV {
				assert.True(t, strings.HasPrefix(buf.String(), strings.Join(migrate.FieldNames(), ",")+"\n"))
				assert.Equal(t, []int{2, 4}, []int{recs[0].Line, recs[1].Line}, "a quoted newline spans two lines")
			} else {
				assert.Contains(t, buf.String(), `"LastUpdate":"2026-03-28T14:37:00Z"`)
			}
		})
	}
}

func TestReadersAcceptWhatTheyDocument(t *testing.T) {
	recs, err := readAll("\n{\"PaymentProfileID\":\"a\",\"LastUpdate\":\"03/28/2019 14:37\",\"OrderID\":null}\n\n{}\n", migrate.JSONL)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, []int{2, 4}, []int{recs[0].Line, recs[1].Line}, "blank lines are skipped but counted")
	assert.Equal(t, time.Date(2019, 3, 28, 14, 37, 0, 0, time.UTC), recs[0].Token.LastUpdate.Time)

	recs, err = readAll("{\"PaymentProfileID\":\"\\ud83d\\ude00 \\\\ud800\"}\n", migrate.JSONL)
	require.NoError(t, err, "a surrogate pair, and an escaped backslash before what looks like an escape")
	assert.Equal(t, "😀 \\ud800", recs[0].Token.PaymentProfileID)

	recs, err = readAll("\ufeffPaymentProfileID,GatewayID\r\np1,7\r\np2,\r\n", migrate.CSV)
	require.NoError(t, err, "a subset of the columns, in any order, with a BOM and CRLF")
	require.Len(t, recs, 2)
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "p1", GatewayID: 7}, recs[0].Token)
	assert.Equal(t, wrapper.PaymentToken{PaymentProfileID: "p2"}, recs[1].Token)

	recs, err = readAll("\ufeff\" PaymentProfileID \",  GatewayName\t\r\n\r\n\"a\r\nb\",\"\"\"\"\r\n\nc\rd,e\r", migrate.CSV)
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
		"'''=,'1,\"'\"\"\",\n", migrate.CSV)
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
	_, err = readAll("GatewayID\n'5\n", migrate.CSV)
	require.ErrorContains(t, err, "field GatewayID: want a whole number", "numbers are never escaped")
}

func TestReadersRefuseDefectsNamingLineAndField(t *testing.T) {
	long := strings.Repeat("x", 51)
	for _, tc := range []struct {
		name    string
		format  migrate.Format
		content string
		line    int
		field   string
		want    string
	}{
		{"malformed", migrate.JSONL, "{}\n{\"GatewayID\":1,\n", 2, "", "not a JSON object"},
		{"array", migrate.JSONL, "[1]\n", 1, "", "not a JSON object"},
		{"null line", migrate.JSONL, "null\n", 1, "", "not a JSON object"},
		{"unknown field", migrate.JSONL, "{}\n{}\n{\"Gateway\":1}\n", 3, "Gateway", "unknown field"},
		{"wrong case", migrate.JSONL, "{\"gatewayid\":1}\n", 1, "gatewayid", "exact case"},
		{"string for a number", migrate.JSONL, "{\"GatewayID\":\"7\"}\n", 1, "GatewayID", `want a whole number from -2147483648 to 2147483647, got the string "7"`},
		{"fraction", migrate.JSONL, "{\"CardLast4\":4.2}\n", 1, "CardLast4", "want a whole number"},
		{"beyond int32", migrate.JSONL, "{\"CustomerID\":2147483648}\n", 1, "CustomerID", "want a whole number"},
		{"number for a string", migrate.JSONL, "{\"PaymentProfileID\":12}\n", 1, "PaymentProfileID", `want a string, got "12"`},
		{"too long", migrate.JSONL, "{\"GatewayName\":\"" + long + "\"}\n", 1, "GatewayName", "51 characters long; the API stores at most 50"},
		{"bad date", migrate.JSONL, "{\"LastUpdate\":\"yesterday\"}\n", 1, "LastUpdate", "want a date"},
		{"date not a string", migrate.JSONL, "{\"LastUpdate\":5}\n", 1, "LastUpdate", "want a date string"},
		{"long line", migrate.JSONL, "{\"GatewayName\":\"" + strings.Repeat("x", 70000) + "\"}\n", 1, "", "longer than 65536 bytes"},
		{"empty csv", migrate.CSV, "", 1, "", "the file is empty"},
		{"unknown column", migrate.CSV, "GatewayID,Nope\n", 1, "Nope", "unknown column"},
		{"repeated column", migrate.CSV, "GatewayID,GatewayID\n", 1, "GatewayID", "appears twice"},
		{"cell count", migrate.CSV, "GatewayID,OrderID\n1,2\n3\n", 3, "", "different number of cells"},
		{"bad number", migrate.CSV, "GatewayID\n1\nseven\n", 3, "GatewayID", `want a whole number from -2147483648 to 2147483647, got "seven"`},
		{"csv too long", migrate.CSV, "PaymentProfileID\n" + long + "\n", 2, "PaymentProfileID", "51 characters long"},
		{"bare quote", migrate.CSV, "PaymentProfileID\na\"b\n", 2, "PaymentProfileID", "malformed CSV: a quote inside a value that is not quoted"},
		{"after closing quote", migrate.CSV, "PaymentProfileID\n\"a\"b\n", 2, "PaymentProfileID", "a character follows the closing quote"},
		{"CR after closing quote", migrate.CSV, "PaymentProfileID,GatewayID\n\"a\"\rb,1\n", 2, "PaymentProfileID", "a carriage return follows the closing quote"},
		{"quote not closed", migrate.CSV, "GatewayID,PaymentProfileID\n1,\"a\nb\n", 2, "PaymentProfileID", "the quoted value is not closed"},
		{"csv invalid UTF-8", migrate.CSV, "GatewayID,PaymentProfileID\n1,a\n2,\"b\nc\"\n3,pm_\xe9\n", 5, "PaymentProfileID", "not valid UTF-8: byte 0xE9 at byte 4 of the value"},
		{"header invalid UTF-8", migrate.CSV, "GatewayID,Payment\xffID\n", 1, "", "cell 2: not valid UTF-8"},
		{"extra cell invalid UTF-8", migrate.CSV, "GatewayID\n1,\xff\n", 2, "", "cell 2: not valid UTF-8"},
		{"unprintable column", migrate.CSV, "GatewayID,Ne\x1bx\n", 1, `"Ne\x1bx"`, "unknown column"},
		{"huge cell", migrate.CSV, "GatewayID,PaymentProfileID\n1,\"" + strings.Repeat("x", 5000) + "\"\n", 2, "PaymentProfileID", "longer than 1024 bytes, the most a cell may hold (the API stores at most 50 characters)"},
		{"huge record", migrate.CSV, "GatewayID,OrderID\n\n" + strings.Repeat(",", 70000) + "\n", 3, "", "the record is longer than 65536 bytes"},
		{"unclosed quote runs on", migrate.CSV, "GatewayID\n\"" + strings.Repeat("1\n", 40000), 2, "GatewayID", "longer than 1024 bytes, the most a cell may hold (is a quoted value not closed?)"},
		{"jsonl invalid UTF-8", migrate.JSONL, "{}\n{\"GatewayName\":\"St\xe9\",\"GatewayID\":1}\n", 2, "GatewayName", "not valid UTF-8: byte 0xE9 at byte 19 of the line"},
		{"invalid UTF-8 in a name", migrate.JSONL, "{\"Gateway\xe9\":1}\n", 1, "", "not valid UTF-8"},
		{"invalid UTF-8 in broken JSON", migrate.JSONL, "{\"GatewayName\":\"\xe9\n", 1, "", "not valid UTF-8"},
		{"repeated field", migrate.JSONL, "{\"GatewayID\":1,\"PaymentProfileID\":\"a\",\"GatewayID\":1}\n", 1, "GatewayID", "the field appears twice"},
		{"repeated through an escape", migrate.JSONL, "{\"GatewayID\":1,\"Gateway\\u0049D\":2}\n", 1, "GatewayID", "appears twice"},
		{"lone surrogate", migrate.JSONL, "{\"PaymentProfileID\":\"a\\ud800b\"}\n", 1, "PaymentProfileID", "half of a UTF-16 surrogate pair"},
		{"low surrogate alone", migrate.JSONL, "{\"PaymentProfileID\":\"\\udc00\"}\n", 1, "PaymentProfileID", "surrogate"},
		{"surrogate at the end", migrate.JSONL, "{\"PaymentProfileID\":\"\\\\\\ud83d\"}\n", 1, "PaymentProfileID", "surrogate"},
		{"two objects on a line", migrate.JSONL, "{} {}\n", 1, "", "not a JSON object"},
		{"unprintable field", migrate.JSONL, "{\"a\\u001b[2J\":1}\n", 1, `"a\x1b[2J"`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(tc.content, tc.format)
			var ie *migrate.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "in", ie.File)
			assert.Equal(t, tc.line, ie.Line)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "paymenttokens: in:"), err.Error())
		})
	}
}

func TestAnImportOfADefectiveFileSendsNothing(t *testing.T) {
	s := newStore(t, nil)
	path := writeText(t, "bad.jsonl", "{\"PaymentProfileID\":\"a\"}\n{\"PaymentProfileID\":\"b\",\"CardExpYear\":\"2030\"}\n")
	_, err := migrate.Import(t.Context(), s.c, migrate.Source{Path: path}, migrate.ImportOptions{})
	require.ErrorContains(t, err, path+":2: field CardExpYear: want a whole number")
	assert.Zero(t, s.sb.Stats().Requests)
}

func TestFormats(t *testing.T) {
	for in, want := range map[string]migrate.Format{"a.jsonl": migrate.JSONL, "b.NDJSON": migrate.JSONL, "dir.x/c.csv": migrate.CSV} {
		got, err := migrate.FormatOf(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	_, err := migrate.FormatOf("tokens.json")
	require.ErrorContains(t, err, `cannot tell the format of "tokens.json" from its extension ".json"`)
	_, err = migrate.ParseFormat("xml")
	require.ErrorContains(t, err, "use jsonl or csv")
	_, err = migrate.NewWriter(io.Discard, 0)
	require.ErrorContains(t, err, "Format(0) is not a file format")
	_, err = migrate.NewReader(strings.NewReader(""), 9, "x")
	require.Error(t, err)
	assert.Equal(t, "csv", migrate.CSV.String())
}

func TestKeys(t *testing.T) {
	got, err := migrate.ParseKey(" GatewayID, PaymentProfileID ")
	require.NoError(t, err)
	assert.Equal(t, []string{"GatewayID", "PaymentProfileID"}, got)
	for spec, want := range map[string]string{
		"":                    `key field "" is not a token field`,
		"GatewayID,gatewayid": `key field "gatewayid" is not a token field; choose among`,
		"PaymentTokenID":      "set by the target store",
		"LastUpdate":          "set by the target store",
		"OrderID,OrderID":     "key field OrderID is given twice",
	} {
		_, err := migrate.ParseKey(spec)
		require.ErrorContains(t, err, want, spec)
	}
	require.ErrorContains(t, migrate.CheckKey(nil), "the key has no fields")
	require.NoError(t, migrate.CheckKey(migrate.DefaultKey()))
}
