package migrate

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/tokenfile"
)

// BenchmarkCheckMemory measures the memory of Import's and Diff's check
// pass: on a file with one 10 MB value, which is refused at the cap
// (memory does not grow with the value), and on 1 000 000 tokens, whose
// check keeps one small record per key. Besides B/op it reports
// peak-heap-MB, the most the heap grew during the pass (sampled every
// 100 000 tokens and at its end).
func BenchmarkCheckMemory(b *testing.B) {
	for _, bc := range []struct {
		name    string
		refused bool
		write   func(w *bufio.Writer, f tokenfile.Format) error
	}{
		{"huge-cell", true, writeHugeCell},
		{"1M-lines", false, writeMillionTokens},
	} {
		for _, f := range []tokenfile.Format{tokenfile.CSV, tokenfile.JSONL} {
			b.Run(bc.name+"/"+f.String(), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "tokens."+f.String())
				if err := writeBenchFile(path, f, bc.write); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				base := heapAlloc()
				var peak uint64
				sample := func() { peak = max(peak, heapAlloc()-min(base, heapAlloc())) }
				b.ReportAllocs()
				for b.Loop() {
					ck, err := Source{Path: path}.check(b.Context(), func(done int) {
						if done%100_000 == 0 {
							sample()
						}
					})
					sample()
					var ie *tokenfile.InputError
					switch {
					case bc.refused && !errors.As(err, &ie):
						b.Fatalf("want the file refused, got %v", err)
					case !bc.refused && (err != nil || ck.tokens != 1_000_000):
						b.Fatalf("want 1 000 000 tokens checked, got %v", err)
					}
					if err == nil {
						ck.close()
					}
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			})
		}
	}
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// writeHugeCell writes one token whose PaymentProfileID is 10 MB long.
func writeHugeCell(w *bufio.Writer, f tokenfile.Format) error {
	before, after := "GatewayID,PaymentProfileID\n7,", "\n"
	if f == tokenfile.JSONL {
		before, after = `{"GatewayID":7,"PaymentProfileID":"`, "\"}\n"
	}
	w.WriteString(before)
	chunk := strings.Repeat("x", 64<<10)
	for range 160 {
		w.WriteString(chunk)
	}
	_, err := w.WriteString(after) // a bufio.Writer keeps its first error
	return err
}

// writeMillionTokens writes 1 000 000 tokens with keys of their own.
func writeMillionTokens(w *bufio.Writer, f tokenfile.Format) error {
	tw, err := tokenfile.NewWriter(w, f)
	if err != nil {
		return err
	}
	for i := range 1_000_000 {
		t := wrapper.PaymentToken{
			PaymentTokenID: int32(i + 1), CustomerID: int32(i%5000 + 1), OrderID: int32(i + 1),
			CustomerProfileID: fmt.Sprintf("cus_%d", i%5000), PaymentProfileID: fmt.Sprintf("pm_%d", i),
			CardLast4: 4242, CardExpMonth: 12, CardExpYear: 2030, GatewayName: "Stripe", GatewayID: 7,
		}
		if err := tw.Write(t); err != nil {
			return err
		}
	}
	return tw.Flush()
}

func writeBenchFile(path string, f tokenfile.Format, write func(*bufio.Writer, tokenfile.Format) error) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	if err := write(w, f); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return out.Close()
}

// BenchmarkRereadMemory measures what the write pass's reading adds to the
// check pass's records, on 1 000 000 tokens: it reads the file again through
// the check's descriptor, one verified chunk at a time, so peak-heap-MB (the
// most the heap grew over what the check left, sampled every 100 000 tokens
// and at the end) does not grow with the file.
func BenchmarkRereadMemory(b *testing.B) {
	for _, f := range []tokenfile.Format{tokenfile.CSV, tokenfile.JSONL} {
		b.Run("1M-lines/"+f.String(), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "tokens."+f.String())
			if err := writeBenchFile(path, f, writeMillionTokens); err != nil {
				b.Fatal(err)
			}
			src := Source{Path: path}
			ck, err := src.check(b.Context(), func(int) {})
			if err != nil {
				b.Fatal(err)
			}
			defer ck.close()
			runtime.GC()
			base := heapAlloc()
			var peak uint64
			sample := func() { peak = max(peak, heapAlloc()-min(base, heapAlloc())) }
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := src.reread(ck, func(tokenfile.Record) error {
					if n++; n%100_000 == 0 {
						sample()
					}
					return nil
				})
				sample()
				if err != nil || n != 1_000_000 {
					b.Fatalf("want 1 000 000 tokens read again, got %d, %v", n, err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
