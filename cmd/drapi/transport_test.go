package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestVerboseCancelledRequest: a request given up before its answer came
// (the page --all fetches ahead, once --max is reached; Ctrl-C) shows in
// --verbose as cancelled, not as an API that did not answer. Through the
// binary it depends on timing whether the fetch ahead reaches the
// transport, so the transport is tested here.
func TestVerboseCancelledRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	blocked := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		cancel()
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	var log bytes.Buffer
	tr := &cliTransport{next: blocked, log: &log, answers: new(counter)}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:9/customers?startingAfter=cus_1", nil)
	if _, err := tr.RoundTrip(req); err == nil {
		t.Fatal("a cancelled request succeeded")
	}
	got := log.String()
	if !strings.Contains(got, "< GET /customers: cancelled after ") || strings.Contains(got, "no answer") || strings.Contains(got, "context canceled") {
		t.Errorf("--verbose says:\n%s", got)
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
