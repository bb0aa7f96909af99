package tokenjson_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/wrapper/internal/tokenjson"
)

// page is what the API emits: every field set, the date in its own form.
const page = `[{"PaymentTokenID":1,"CustomerID":100001,"OrderID":500001,"CustomerProfileID":"cus_000000000001",` +
	`"PaymentProfileID":"pm_1Nx0000000000000001","CardLast4":1,"CardExpMonth":2,"CardExpYear":2028,` +
	`"BillingPaymentMethodID":3,"LastUpdate":"02/02/2025 01:01","GatewayName":"Authorize.Net CIM","GatewayID":12},` +
	"\n {\"PaymentTokenID\":2,\"GatewayName\":\"Stripe\",\"LastUpdate\":\"0001-01-01T00:00:00\"}]"

// corpus holds inputs that encoding/json accepts and ones it refuses, each
// near an edge of the grammar or of the model.
var corpus = []string{
	page, `[]`, ` [ ] `, `[null]`, `[{}]`, `[{},null,{}]`,
	`[{"PaymentTokenID":-2147483648,"CustomerID":2147483647,"OrderID":-0}]`,
	`[{"CustomerID":2147483648}]`, `[{"CustomerID":-2147483649}]`, `[{"CustomerID":99999999999999999999}]`,
	`[{"CustomerID":1.0}]`, `[{"CustomerID":1e2}]`, `[{"CustomerID":01}]`, `[{"CustomerID":-}]`, `[{"CustomerID":1.}]`,
	`[{"CustomerID":"1"}]`, `[{"CustomerID":true}]`, `[{"CustomerID":null}]`, `[{"CustomerID":5,"CustomerID":null}]`,
	`[{"GatewayName":5}]`, `[{"GatewayName":null}]`, `[{"GatewayName":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}]`,
	`[{"GatewayName":"\ud800"}]`, `[{"GatewayName":"\ud800\u0041"}]`, `[{"GatewayName":"\udc00\ud800"}]`,
	`[{"GatewayName":"\u12"}]`, `[{"GatewayName":"\u12G4"}]`, `[{"GatewayName":"\x"}]`, "[{\"GatewayName\":\"a\tb\"}]",
	"[{\"GatewayName\":\"\xff\xfe ok \xc3\xa9\"}]", "[{\"GatewayName\":\"\\u00e9\xff\"}]",
	`[{"LastUpdate":"03/28/2019 14:37"}]`, `[{"LastUpdate":"2019-03-28T14:37:00"}]`, `[{"LastUpdate":null}]`,
	`[{"LastUpdate":""}]`, `[{"LastUpdate":"last tuesday"}]`, `[{"LastUpdate":20190328}]`, `[{"LastUpdate":"02/30/2025 10:00"}]`,
	`[{"LastUpdate":"13/01/2025 10:00"}]`, `[{"LastUpdate":"01/01/2025 24:00"}]`, `[{"LastUpdate":"01/01/2025 10:60"}]`,
	`[{"LastUpdate":"02/29/2024 23:59"}]`, `[{"LastUpdate":"02/29/2023 23:59"}]`, `[{"LastUpdate":"01/01/0001 00:00"}]`,
	`[{"LastUpdate":"0\u0031/01/2025 10:00"}]`, `[{"LastUpdate":{"a":1}}]`,
	`[{"paymenttokenid":7,"GATEWAYNAME":"x"}]`, `[{"Customer\u0049D":8}]`, `[{"ſ":1,"CardLaſt4":4}]`,
	`[{"Unknown":{"a":[1,2.5e-3,"x",true,false,null,{}],"b":[]},"PaymentTokenID":3}]`,
	`[{"Unknown":[1,]}]`, `[{"Unknown":{"a"}}]`, `[{"Unknown":{"a":1,}}]`, `[{"Unknown":tru}]`, `[{"Unknown":nul}]`,
	`[{"PaymentTokenID": 1, "Cust`, `[{"PaymentTokenID":1}`, `[{"PaymentTokenID":1},`, `[`, `[{`, `[{"a"`, `[{"a":`,
	`[{"PaymentTokenID":1}]x`, `[{"PaymentTokenID":1}] [`, `[1]`, `["x"]`, `[[]]`, `[{"a":1}{"b":2}]`, `[{"a":1 "b":2}]`,
	`[{,}]`, `[,]`, `[{"a":1},]`, `[{1:2}]`, `[{'a':1}]`, "[{\"a\":1}]\n\t ",
}

func decodeV1(data []byte) ([]gen.PaymentToken, error) {
	var out []gen.PaymentToken
	err := json.Unmarshal(data, &out)
	return out, err
}

// requireSameAsEncodingJSON fails when the decoder and encoding/json
// disagree on whether data is valid or on what it decodes to.
func requireSameAsEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := decodeV1(data)
	got, err := tokenjson.DecodeList(data)
	if trimmed := strings.TrimLeft(string(data), " \t\r\n"); !strings.HasPrefix(trimmed, "[") {
		require.Error(t, err, "%q is not an array", data)
		return
	}
	if wantErr != nil {
		require.Error(t, err, "encoding/json refuses %q: %v", data, wantErr)
		return
	}
	require.NoError(t, err, "encoding/json accepts %q", data)
	require.Equal(t, want, got, "%q", data)
	require.NotNil(t, got, "an empty array decodes to an empty list, not nil")
}

func TestDecodesWhatEncodingJSONDoes(t *testing.T) {
	for _, in := range corpus {
		requireSameAsEncodingJSON(t, []byte(in))
	}
}

func TestDecodesAPage(t *testing.T) {
	tokens, err := tokenjson.DecodeList([]byte(page))
	require.NoError(t, err)
	require.Len(t, tokens, 2)
	require.Equal(t, "2025-02-02T01:01:00Z", tokens[0].LastUpdate.Format("2006-01-02T15:04:05Z07:00"))
	require.True(t, tokens[1].LastUpdate.IsZero())
	require.Equal(t, int32(12), tokens[0].GatewayID)
}

func TestErrorsNameTheFieldAndQuoteNoValue(t *testing.T) {
	for in, want := range map[string]string{
		`[{"PaymentTokenID":1},{"CustomerID":2147483648}]`:   "token 1: CustomerID: a 10-digit number is out of range for int32",
		`[{"customerid":1.5}]`:                               "token 0: CustomerID: want an integer, got a fraction or an exponent",
		`[{"GatewayName":["pm_secret"]}]`:                    "token 0: GatewayName: want a string",
		`[{"CardLast4":"4242"}]`:                             "token 0: CardLast4: want a number",
		`[{"LastUpdate":"last tuesday"}]`:                    "LastUpdate",
		`[{"PaymentTokenID": 1, "PaymentProfileID": "pm_sec`: "unexpected end of JSON input",
		`[{"PaymentProfileID": "pm_secret" x}]`:              `invalid character 'x' at offset 34`,
		`{"PaymentTokenID": 1}`:                              "want a JSON array of tokens",
		`[{"PaymentTokenID": 1}] trailing`:                   `invalid character 't' after the array`,
	} {
		_, err := tokenjson.DecodeList([]byte(in))
		require.ErrorContains(t, err, want, in)
		require.NotContains(t, err.Error(), "pm_sec", "no value of a token is quoted")
		require.NotContains(t, err.Error(), "2147483648")
	}
}

func TestDeepNestingIsAnErrorNotACrash(t *testing.T) {
	deep := `[{"Unknown":` + strings.Repeat("[", 200_000)
	_, err := tokenjson.DecodeList([]byte(deep))
	require.ErrorContains(t, err, "exceeded max depth")
}

// FuzzMatchesEncodingJSON holds the decoder to encoding/json on any input.
func FuzzMatchesEncodingJSON(f *testing.F) {
	for _, in := range corpus {
		f.Add([]byte(in))
	}
	f.Fuzz(requireSameAsEncodingJSON)
}

func BenchmarkDecodeList(b *testing.B) {
	var sb strings.Builder
	sb.WriteByte('[')
	for i := range 500 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(page[1 : strings.Index(page, "},")+1])
	}
	sb.WriteByte(']')
	data := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		if tokens, err := tokenjson.DecodeList(data); err != nil || len(tokens) != 500 {
			b.Fatal(err)
		}
	}
}
