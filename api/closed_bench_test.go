package api_test

import (
	"context"
	"os"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// BenchmarkClosedRequest compares, in one run, validating the createOrder
// seed request as a request (closed copies of the schemas, plus the
// x-required-one-of and x-max-key-length walk) with validating the same
// bytes against the open OrderRequest schema (AnyDirection).
func BenchmarkClosedRequest(b *testing.B) {
	ctx := context.Background()
	data, err := os.ReadFile("../testdata/seeds/normalized/createOrder.request.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := api.ValidateSchema(ctx, "OrderRequest", api.AnyDirection, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("closed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := api.ValidateOperation(ctx, "createOrder", api.InRequest, 0, data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
