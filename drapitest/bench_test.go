package drapitest

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// benchServer returns a fake on loopback with customer 5823594809 and 150
// orders made from the reference's createOrder request, and a plain client
// that keeps its connection alive.
func benchServer(b *testing.B, validate bool) (*Server, *http.Client) {
	b.Helper()
	var opts []Option
	if !validate {
		opts = append(opts, WithoutValidation())
	}
	srv := NewServer(b, append(opts, WithSeedFixtures())...)
	createCustomer(b, srv, gen.CustomerRequest{ID: new("5774321009")})
	// No source, and no checkoutId: the seed order used it, and a checkout
	// becomes one order only.
	body := regexp.MustCompile(`"(sourceId|checkoutId)": "[^"]*",`).ReplaceAll(readFixture(b, "createOrder.request.json"), nil)
	for range 150 {
		call(b, srv, "POST", "/orders", body).mustStatus(b, 201)
	}
	return srv, &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
}

// benchGet sends GET path b.N times and reports requests per second.
func benchGet(b *testing.B, validate bool, path string) {
	srv, hc := benchServer(b, validate)
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Key())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		b.SetBytes(n)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkGetCustomer measures getCustomer over loopback, with request
// validation on and off; allocations count both the fake and the client.
func BenchmarkGetCustomer(b *testing.B) {
	b.Run("validation=on", func(b *testing.B) { benchGet(b, true, "/customers/5823594809") })
	b.Run("validation=off", func(b *testing.B) { benchGet(b, false, "/customers/5823594809") })
}

// BenchmarkListOrders100 measures listOrders with limit 100 (about 0.5 MB
// of JSON per page) over loopback, with request validation on and off.
func BenchmarkListOrders100(b *testing.B) {
	b.Run("validation=on", func(b *testing.B) { benchGet(b, true, "/orders?limit=100") })
	b.Run("validation=off", func(b *testing.B) { benchGet(b, false, "/orders?limit=100") })
}

// TestThousandCalls times a test suite's worth of calls through the
// contract-checking client, 1,000 mixed calls, and logs how long they took
// (-v); it fails only when a call fails or goes unrecorded.
func TestThousandCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	srv := NewServer(t)
	hc := srv.Client()
	do := func(method, path, body string) {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, _ := http.NewRequest(method, srv.URL+path, rd)
		if rd != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+srv.Key())
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
		}
	}
	start := time.Now()
	for range 250 {
		do("POST", "/customers", `{"email": "jsmith@digitalriver.com", "metadata": {"n": 1}}`)
		do("POST", "/orders", `{"currency": "USD", "items": [{"skuId": "sku_1", "price": 9.99, "quantity": 2}], "upstreamId": "u"}`)
		do("GET", "/orders?limit=10", "")
		do("GET", "/customers?limit=10", "")
	}
	d := time.Since(start)
	t.Logf("1,000 calls through the contract-checking client: %v (%.0f calls/s)", d, 1000/d.Seconds())
	if len(srv.Calls()) != 1000 {
		t.Errorf("%d calls recorded", len(srv.Calls()))
	}
}
