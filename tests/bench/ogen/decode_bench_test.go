package ogen

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/go-faster/jx"
	jsonv2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"
	segmentio "github.com/segmentio/encoding/json"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/gen"
	"github.com/shift4shop-go/paymenttokens/tests/bench"
	"github.com/shift4shop-go/paymenttokens/tests/bench/ogen/oas"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// decoders are the candidates for decoding a page of tokens: every one but
// ogen's decodes into the library's generated model, LastUpdate parsed
// (ogen's model keeps it a string); wrapper is the library's own decoder.
var decoders = []struct {
	name   string
	decode func([]byte) (int, error)
}{
	{"encoding-json", intoModels(stdjson.Unmarshal)},
	{"json-experiment", intoModels(func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) })},
	{"goccy", intoModels(goccy.Unmarshal)},
	{"segmentio", intoModels(segmentio.Unmarshal)},
	{"wrapper", wrapperDecode},
	{"ogen", func(b []byte) (int, error) {
		var page oas.PaymentTokenList
		err := page.Decode(jx.DecodeBytes(b))
		return len(page), err
	}},
}

// wrapperDecode decodes through the wrapper's List, answered from memory by
// an http.RoundTripper: its decoder is internal, and the request it builds
// costs a few microseconds next to the page's decoding.
func wrapperDecode(b []byte) (int, error) {
	page, err := inMemoryClient(b).List(context.Background(), wrapper.ListParams{Limit: bench.PageSize})
	return len(page), err
}

// inMemoryClient is a client whose every request is answered with body.
func inMemoryClient(body []byte) *wrapper.Client {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	})
	c, err := wrapper.New(wrapper.Credentials{SecureURL: "s", PrivateKey: "k", Token: "t"},
		wrapper.WithHTTPClient(&http.Client{Transport: rt}), wrapper.WithRateLimit(0, 0))
	if err != nil {
		panic(err) // the options are constants
	}
	return c
}

// roundTripFunc answers requests in memory.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func intoModels(unmarshal func([]byte, any) error) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		var page []gen.PaymentToken
		err := unmarshal(b, &page)
		return len(page), err
	}
}

// BenchmarkDecode500 decodes one page of 500 tokens with each candidate,
// alternately in one process.
func BenchmarkDecode500(b *testing.B) {
	page := bench.EncodePage(1, bench.PageSize+1)
	for _, d := range decoders {
		b.Run("impl="+d.name, func(b *testing.B) {
			b.ReportAllocs()
			defer bench.ReportCPU(b)()
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if n, err := d.decode(page); err != nil || n != bench.PageSize {
					b.Fatal(err, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bench.PageSize), "ns/token")
		})
	}
}

// TestCandidatesAgree checks that every candidate decodes the page whole.
func TestCandidatesAgree(t *testing.T) {
	page := bench.EncodePage(1, bench.PageSize+1)
	for _, d := range decoders {
		n, err := d.decode(page)
		require.NoError(t, err, d.name)
		require.Equal(t, bench.PageSize, n, d.name)
	}
}
