package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/client"
)

// TestVerboseShowsRateLimitWaits: --verbose's log handler prints the
// client's waits for its own rate limit, one line each, so they are not
// taken for a slow API.
func TestVerboseShowsRateLimitWaits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	var out bytes.Buffer
	c, err := client.New("sk_test_verbose", client.WithBaseURL(srv.URL), client.WithRateLimit(10, 1),
		client.WithLogger(slog.New(&retryLogHandler{w: &out})))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := c.Customers.Delete(t.Context(), "5823594809"); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(out.String(), "* client-side rate limit: waiting "); n < 1 || !strings.Contains(out.String(), "before DELETE /customers/5823594809\n") {
		t.Errorf("want a line per wait, got:\n%s", out.String())
	}
}
