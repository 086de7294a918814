package api_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/drapi-go/drapi/api"
)

// badItems returns an OrderRequest of n items whose quantity is "x": n
// problems, one per line.
func badItems(n int) []byte {
	var b strings.Builder
	b.WriteString("{\"items\": [\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`  {"skuId": "sku", "quantity": "x"}`)
	}
	b.WriteString("\n]}")
	return []byte(b.String())
}

// validateBad validates data, which must have n problems.
func validateBad(b *testing.B, data []byte, n int) {
	err := api.ValidateSchema("OrderRequest", api.InRequest, data)
	var ve *api.ValidationError
	if !errors.As(err, &ve) || ve.Omitted+len(ve.Problems) < n {
		b.Fatalf("got %v, want %d problems", err, n)
	}
}

// BenchmarkProblems validates OrderRequests with 1k, 4k and 16k problems.
func BenchmarkProblems(b *testing.B) {
	for _, n := range []int{1000, 4000, 16000} {
		data := badItems(n)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				validateBad(b, data, n)
			}
		})
	}
}

// BenchmarkProblemsRatios validates the 1k, 4k and 16k payloads of
// BenchmarkProblems interleaved, one of each per iteration, and reports the
// ratios 4k/1k and 16k/4k: about 4 each when the cost is linear in the
// problems (it was quadratic: locating each problem scanned the payload).
func BenchmarkProblemsRatios(b *testing.B) {
	sizes := []int{1000, 4000, 16000}
	var data [3][]byte
	var took [3]time.Duration
	for i, n := range sizes {
		data[i] = badItems(n)
	}
	for b.Loop() {
		for i, n := range sizes {
			t0 := time.Now()
			validateBad(b, data[i], n)
			took[i] += time.Since(t0)
		}
	}
	b.ReportMetric(float64(took[1])/float64(took[0]), "4k/1k")
	b.ReportMetric(float64(took[2])/float64(took[1]), "16k/4k")
}
