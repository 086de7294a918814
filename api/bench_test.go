package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// benchOrder returns an Order of about 3.8 KB: the getOrder fixture with its
// sources and charges cut, the size GENERATOR-NOTES.md measured on.
func benchOrder(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("../testdata/seeds/normalized/getOrder.response.json")
	if err != nil {
		b.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		b.Fatal(err)
	}
	delete(m, "sources")
	delete(m, "charges")
	out, err := json.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	if err := api.ValidateSchema("Order", api.InResponse, out); err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkOrder compares, in one run, decoding an Order into gen.Order
// (the floor), validating it as a payload (ValidateResponseBody), and
// validating a whole getOrder response (ValidateResponse: route, status,
// headers, body), on a 3.8 KB Order and on the 9.9 KB getOrder fixture.
func BenchmarkOrder(b *testing.B) {
	fixture, err := os.ReadFile("../testdata/seeds/normalized/getOrder.response.json")
	if err != nil {
		b.Fatal(err)
	}
	payloads := []struct {
		name string
		data []byte
	}{
		{"3.8KB", benchOrder(b)},
		{"fixture", fixture},
	}
	for _, p := range payloads {
		data := p.data
		b.Run(p.name+"/decode", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var o gen.Order
				if err := json.Unmarshal(data, &o); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/payload", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := api.ValidateResponseBody("getOrder", 200, data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/response", func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/orders/ord_5823594809", nil)
			h := http.Header{"Content-Type": {"application/json"}}
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := api.ValidateResponse(req, 200, h, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOrderRatios runs the three of BenchmarkOrder interleaved, one of
// each per iteration, and reports their costs as ratios to the decode: load
// from other processes then weighs on all three alike. Targets: payload at
// most 1.5, response at most 2.
func BenchmarkOrderRatios(b *testing.B) {
	data := benchOrder(b)
	req := httptest.NewRequest(http.MethodGet, "/orders/ord_5823594809", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	var decode, payload, response time.Duration
	for b.Loop() {
		t0 := time.Now()
		var o gen.Order
		if err := json.Unmarshal(data, &o); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := api.ValidateResponseBody("getOrder", 200, data); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if err := api.ValidateResponse(req, 200, h, data); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		decode += t1.Sub(t0)
		payload += t2.Sub(t1)
		response += t3.Sub(t2)
	}
	b.ReportMetric(float64(payload)/float64(decode), "payload/decode")
	b.ReportMetric(float64(response)/float64(decode), "response/decode")
}
