package client_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// testKey is the key every test client uses; tests assert it never leaks.
const testKey = "sk_test_51HqLyjWDcFAKEKEY0123456789abcdef"

// env is a test API: an httptest server whose handlers live under /v1 (so
// an absolute-URL mistake in the client reaches the wrong path and fails the
// test), and a client pointed at it.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	mux   *http.ServeMux // routes without the /v1 prefix, e.g. "GET /customers/{id}"
	c     *client.Client
	conns atomic.Int64 // TCP connections the server accepted

	mu   sync.Mutex
	reqs []*http.Request // every request that reached a handler
}

// envOpts tunes newEnv.
type envOpts struct {
	validate bool // send through api.NewTransport, failing on contract breaches
	opts     []client.Option
}

// newEnv starts a test API and a client for it: no rate limit and
// millisecond backoff unless opts say otherwise.
func newEnv(t *testing.T, eo envOpts) *env {
	t.Helper()
	e := &env{t: t, mux: http.NewServeMux()}
	outer := http.NewServeMux()
	outer.Handle("/v1/", http.StripPrefix("/v1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.reqs = append(e.reqs, r)
		e.mu.Unlock()
		e.mux.ServeHTTP(w, r)
	})))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL)
		http.Error(w, "outside /v1", http.StatusTeapot)
	})
	e.srv = httptest.NewUnstartedServer(outer)
	e.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			e.conns.Add(1)
		}
	}
	e.srv.Start()
	t.Cleanup(e.srv.Close)

	var rt http.RoundTripper = e.srv.Client().Transport
	if eo.validate {
		rt = api.NewTransport(rt, api.WithBasePath("/v1"), api.WithResponseFailure())
	}
	opts := []client.Option{
		client.WithBaseURL(e.srv.URL + "/v1"),
		client.WithHTTPClient(&http.Client{Transport: rt}),
		client.WithRateLimit(rate.Inf, 0),
		client.WithBackoff(time.Millisecond, 4*time.Millisecond),
	}
	c, err := client.New(testKey, append(opts, eo.opts...)...)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	e.c = c
	return e
}

// requests returns the requests handled so far.
func (e *env) requests() []*http.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*http.Request(nil), e.reqs...)
}

// count returns how many requests reached a handler.
func (e *env) count() int { return len(e.requests()) }

// seed reads a seed fixture of the repository, such as "getCustomer.response".
func seed(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join("..", "testdata", "seeds", "normalized", name+".json"))
}

// own reads a fixture of this package's testdata.
func own(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join("testdata", name+".json"))
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// writeJSON answers status with body as application/json.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// errorBody is the API's error shape.
func errorBody(typ, code, param, msg string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type":   typ,
		"errors": []map[string]string{{"code": code, "parameter": param, "message": msg}},
	})
	return b
}

// decodeInto decodes b into v, failing the test on error.
func decodeInto(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decoding fixture: %v", err)
	}
}

// sameJSON reports whether a and b hold the same JSON value.
func sameJSON(t testing.TB, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("not JSON: %v: %s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// mustJSON encodes v.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	return b
}

// logBuffer is a concurrency-safe buffer for a slog handler.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the log's JSON records.
func (l *logBuffer) records(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		out = append(out, m)
	}
	return out
}

// customerReq returns a small valid createCustomer body.
func customerReq() gen.CustomerRequest {
	return gen.CustomerRequest{Email: new("jsmith@digitalriver.com")}
}

// updateReq returns a small valid updateCustomer body.
func updateReq() gen.UpdateCustomerRequest {
	return gen.UpdateCustomerRequest{Email: new("jsmith@digitalriver.com")}
}

// orderReq returns a createOrder body with an upstreamId.
func orderReq(t testing.TB) gen.OrderRequest {
	var r gen.OrderRequest
	decodeInto(t, seed(t, "createOrder.request"), &r)
	return r
}

// jsonDecode decodes a request body into v.
func jsonDecode(r *http.Request, v any) error { return json.NewDecoder(r.Body).Decode(v) }
