package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drapi-go/drapi"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// BenchmarkRouter compares, in one run, the contract's own router with
// kin-openapi's legacy router (host-agnostic once the document's servers are
// cleared) on the same requests: the question is whether router.go earns its
// keep. Both return the route and the path parameters.
func BenchmarkRouter(b *testing.B) {
	c := mustContract()
	doc, err := loadSpec(b.Context(), drapi.OpenAPI())
	if err != nil {
		b.Fatal(err)
	}
	doc.Servers = nil
	kin, err := legacy.NewRouter(doc)
	if err != nil {
		b.Fatal(err)
	}
	reqs := []*http.Request{
		httptest.NewRequest(http.MethodGet, "/orders/ord_5823594809", nil),
		httptest.NewRequest(http.MethodPost, "/customers/5823594809/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", nil),
		httptest.NewRequest(http.MethodGet, "/customers?limit=10", nil),
	}
	for _, r := range reqs {
		if _, _, err := c.routeOf(r); err != nil {
			b.Fatal(err)
		}
		if _, _, err := kin.FindRoute(r); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("own", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range reqs {
				_, _, _ = c.routeOf(r)
			}
		}
	})
	b.Run("kin-legacy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range reqs {
				_, _, _ = kin.FindRoute(r)
			}
		}
	})
}
