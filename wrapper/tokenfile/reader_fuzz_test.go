package tokenfile_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// FuzzReadTokens feeds arbitrary files to both readers: they never panic,
// every defect is an *InputError with a line, what they accept is valid
// UTF-8 and a JSON line decodes as encoding/json decodes it, and it writes
// back and reads again as the same tokens.
func FuzzReadTokens(f *testing.F) {
	f.Add([]byte("{\"PaymentProfileID\":\"a\",\"GatewayID\":7,\"LastUpdate\":\"03/28/2019 14:37\"}\n\n{}\n"))
	f.Add([]byte("GatewayID,PaymentProfileID\n7,\"a,b\"\n"))
	f.Add([]byte("\ufeffLastUpdate\n2026-03-28T14:37:00+02:00\n"))
	f.Add([]byte("{\"CardLast4\":1e3}\n[\"x\"]\n"))
	f.Add([]byte("PaymentProfileID, GatewayName\r\n\"a\r\nb\",'=x\r\n''y,\"'\r\"\n"))
	f.Add([]byte("{\"GatewayName\":\"\\ud83d\\ude00\",\"GatewayName\":\"\xe9\"}\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, format := range []tokenfile.Format{tokenfile.JSONL, tokenfile.CSV} {
			recs, err := readAll(string(content), format)
			var ie *tokenfile.InputError
			if err != nil && (!errors.As(err, &ie) || ie.Line < 1 || !strings.HasPrefix(err.Error(), "paymenttokens: in:")) {
				t.Fatalf("%v: the error is not an *InputError with a line: %v", format, err)
			}
			if err != nil {
				continue
			}
			for _, r := range recs {
				if tok := r.Token; !utf8.ValidString(tok.CustomerProfileID + tok.PaymentProfileID + tok.GatewayName) {
					t.Fatalf("%v: line %d was accepted with a value that is not UTF-8: %+v", format, r.Line, tok)
				}
				if format == tokenfile.JSONL {
					requireAsEncodingJSON(t, strings.Split(string(content), "\n")[r.Line-1], r.Token)
				}
			}
			var buf bytes.Buffer
			w, werr := tokenfile.NewWriter(&buf, format)
			if werr != nil {
				t.Fatal(werr)
			}
			for _, r := range recs {
				if werr := w.Write(r.Token); werr != nil {
					t.Fatal(werr)
				}
			}
			if werr := w.Flush(); werr != nil {
				t.Fatal(werr)
			}
			again, rerr := readAll(buf.String(), format)
			if rerr != nil || len(again) != len(recs) {
				t.Fatalf("%v: what was read does not read back: %v (%d vs %d tokens)", format, rerr, len(again), len(recs))
			}
			for i := range recs {
				a, b := recs[i].Token, again[i].Token
				if !a.LastUpdate.Equal(b.LastUpdate.Time) {
					t.Fatalf("%v: token %d LastUpdate %v reads back as %v", format, i, a.LastUpdate, b.LastUpdate)
				}
				b.LastUpdate = a.LastUpdate // equal instants; the zones may differ
				if a != b {
					t.Fatalf("%v: token %d reads back as %+v, want %+v", format, i, b, a)
				}
			}
		}
	})
}

// requireAsEncodingJSON fails unless encoding/json decodes the line as the
// reader did (the reader being stricter, not different).
func requireAsEncodingJSON(t *testing.T, line string, got wrapper.PaymentToken) {
	var want wrapper.PaymentToken
	if err := json.Unmarshal(bytes.TrimSpace([]byte(line)), &want); err != nil {
		t.Fatalf("the reader accepted %q, which encoding/json refuses: %v", line, err)
	}
	if !want.LastUpdate.Equal(got.LastUpdate.Time) {
		t.Fatalf("%q: LastUpdate %v, encoding/json reads %v", line, got.LastUpdate, want.LastUpdate)
	}
	want.LastUpdate = got.LastUpdate
	if want != got {
		t.Fatalf("%q reads as %+v, encoding/json reads %+v", line, got, want)
	}
}
