package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// BenchmarkGet compares, against the same local server in one run, a
// Customers.Get through the client with hand-written net/http +
// encoding/json calls doing the same work: same URL, same headers, decode
// into gen.Customer, body drained and closed. The client's overhead is the
// ratio of their times. Run: go test -run '^$' -bench Get -benchmem -count 5 ./client
func BenchmarkGet(b *testing.B) {
	body := seed(b, "getCustomer.response")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_1")
		_, _ = w.Write(body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	benchGet(b, srv.Client(), srv.URL)
}

// BenchmarkGetInMemory is BenchmarkGet over a transport that answers from
// memory: without the network's noise it shows the client's own cost per
// call (the difference of the two), to set against BenchmarkGet's time.
func BenchmarkGetInMemory(b *testing.B) {
	body := seed(b, "getCustomer.response")
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: 200, Request: r, ContentLength: int64(len(body)),
			Header: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_1"}},
			Body:   io.NopCloser(bytes.NewReader(body)),
		}, nil
	})
	benchGet(b, &http.Client{Transport: rt}, "http://127.0.0.1:1")
}

// benchGet runs the client and the hand-written calls through hc against base.
func benchGet(b *testing.B, hc *http.Client, base string) {
	url := base + "/v1/customers/5823594809"
	ctx := context.Background()

	c, err := client.New(testKey, client.WithBaseURL(base+"/v1"), client.WithHTTPClient(hc), client.WithRateLimit(rate.Inf, 0))
	if err != nil {
		b.Fatal(err)
	}
	// The same headers the client sends.
	auth, ua := "Bearer "+testKey, "drapi-go/"+client.Version+" (+https://github.com/drapi-go/drapi; go)"
	handRequest := func() (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", auth)
		req.Header.Set("User-Agent", ua)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			b.Fatalf("status %d", resp.StatusCode)
		}
		return resp, nil
	}

	b.Run("client", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cust, err := c.Customers.Get(ctx, "5823594809")
			if err != nil || cust.ID != "5823594809" {
				b.Fatal(cust, err)
			}
		}
	})
	b.Run("nethttp-decoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := handRequest()
			if err != nil {
				b.Fatal(err)
			}
			var cust gen.Customer
			err = json.NewDecoder(resp.Body).Decode(&cust)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || cust.ID != "5823594809" {
				b.Fatal(cust, err)
			}
		}
	})
	handReadAll := func() {
		resp, err := handRequest()
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		var cust gen.Customer
		if err := json.Unmarshal(data, &cust); err != nil || cust.ID != "5823594809" {
			b.Fatal(cust, err)
		}
	}
	viaClient := func() {
		cust, err := c.Customers.Get(ctx, "5823594809")
		if err != nil || cust.ID != "5823594809" {
			b.Fatal(cust, err)
		}
	}
	b.Run("nethttp-readall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			handReadAll()
		}
	})
	// paired alternates the two calls within each iteration, so that load
	// from other processes hits both alike, and reports the median of the
	// per-pair time ratios: the client's overhead, robust to a noisy machine.
	b.Run("paired", func(b *testing.B) {
		var ratios []float64
		var tc, th time.Duration
		for i := 0; b.Loop(); i++ {
			first, second := viaClient, handReadAll
			if i%2 == 1 {
				first, second = handReadAll, viaClient
			}
			t0 := time.Now()
			first()
			t1 := time.Now()
			second()
			t2 := time.Now()
			dc, dh := t1.Sub(t0), t2.Sub(t1)
			if i%2 == 1 {
				dc, dh = dh, dc
			}
			tc, th = tc+dc, th+dh
			ratios = append(ratios, float64(dc)/float64(dh))
		}
		slices.Sort(ratios)
		n := float64(len(ratios))
		b.ReportMetric(float64(tc.Nanoseconds())/n, "client-ns/op")
		b.ReportMetric(float64(th.Nanoseconds())/n, "nethttp-ns/op")
		b.ReportMetric(ratios[len(ratios)/2], "median-ratio")
	})
}
