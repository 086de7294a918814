package drapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// t0 is the time of the test clock's first tick.
var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// stepClock is a deterministic clock: each reading is one second after the
// one before.
type stepClock struct {
	mu sync.Mutex
	n  int
}

func (c *stepClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return t0.Add(time.Duration(c.n) * time.Second)
}

// answer is one response as a test sees it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// errs decodes an error answer's Errors body.
func (a answer) errs(t testing.TB) gen.Errors {
	t.Helper()
	var e gen.Errors
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("error body %q is not the Errors shape: %v", a.body, err)
	}
	if e.Type == "" || len(e.Errors) == 0 {
		t.Fatalf("error body %s lacks type or errors", a.body)
	}
	return e
}

// decode decodes a success body into v.
func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("body %q: %v", a.body, err)
	}
}

// hasError reports whether the Errors body has an entry with code and parameter.
func (a answer) hasError(t testing.TB, code, parameter string) bool {
	t.Helper()
	for _, e := range a.errs(t).Errors {
		if e.Code == code && deref(e.Parameter) == parameter {
			return true
		}
	}
	return false
}

// call sends a request with the server's key through a plain client (so the
// fake, not the client, judges it), and checks the response against the
// contract whenever the route exists.
func call(t testing.TB, srv *Server, method, path string, body any) answer {
	t.Helper()
	return callWith(t, srv, method, path, body, http.Header{"Authorization": {"Bearer " + srv.Key()}})
}

func callWith(t testing.TB, srv *Server, method, path string, body any, h http.Header) answer {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h.Clone()
	if rd != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.hs.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	err = api.ValidateResponse(context.Background(), req, resp.StatusCode, resp.Header, b)
	if err != nil && !errors.Is(err, api.ErrNoRoute) && !errors.Is(err, api.ErrMethodNotAllowed) {
		t.Errorf("%s %s: response %d breaks the contract: %v\n%s", method, path, resp.StatusCode, err, b)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// mustStatus fails the test unless the answer has the status.
func (a answer) mustStatus(t testing.TB, want int) answer {
	t.Helper()
	if a.status != want {
		t.Fatalf("status %d, want %d; body %s", a.status, want, a.body)
	}
	return a
}

// createCustomer creates a customer through the API and returns it.
func createCustomer(t testing.TB, srv *Server, req gen.CustomerRequest) gen.Customer {
	t.Helper()
	var c gen.Customer
	call(t, srv, "POST", "/customers", req).mustStatus(t, 201).decode(t, &c)
	return c
}

// createSource creates a source through the API and returns it.
func createSource(t testing.TB, srv *Server, req gen.SourceRequest) gen.Source {
	t.Helper()
	var s gen.Source
	call(t, srv, "POST", "/sources", req).mustStatus(t, 201).decode(t, &s)
	return s
}

// createOrder creates an order through the API and returns it.
func createOrder(t testing.TB, srv *Server, req gen.OrderRequest) gen.Order {
	t.Helper()
	var o gen.Order
	call(t, srv, "POST", "/orders", req).mustStatus(t, 201).decode(t, &o)
	return o
}

// readFixture returns a seed fixture of the module's testdata.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "normalized", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
