package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// ops are one call of each kind, for the retry rules.
var ops = []struct {
	name    string
	pattern string
	call    func(ctx context.Context, c *client.Client) error
	post    bool
}{
	{"Customers.Get", "GET /customers/{id}", func(ctx context.Context, c *client.Client) error {
		_, err := c.Customers.Get(ctx, "cus_1")
		return err
	}, false},
	{"Customers.List", "GET /customers", func(ctx context.Context, c *client.Client) error {
		_, err := c.Customers.List(ctx, nil)
		return err
	}, false},
	{"Customers.Delete", "DELETE /customers/{id}", func(ctx context.Context, c *client.Client) error {
		return c.Customers.Delete(ctx, "cus_1")
	}, false},
	{"Customers.DetachSource", "DELETE /customers/{id}/sources/{sid}", func(ctx context.Context, c *client.Client) error {
		return c.Customers.DetachSource(ctx, "cus_1", "a6809a63-e6a9-4016-abbc-f33d19fccb5b")
	}, false},
	{"Customers.Create", "POST /customers", func(ctx context.Context, c *client.Client) error {
		_, err := c.Customers.Create(ctx, customerReq())
		return err
	}, true},
	{"Customers.Update", "POST /customers/{id}", func(ctx context.Context, c *client.Client) error {
		_, err := c.Customers.Update(ctx, "cus_1", updateReq())
		return err
	}, true},
	{"Customers.AttachSource", "POST /customers/{id}/sources/{sid}", func(ctx context.Context, c *client.Client) error {
		_, err := c.Customers.AttachSource(ctx, "cus_1", "a6809a63-e6a9-4016-abbc-f33d19fccb5b")
		return err
	}, true},
	{"Sources.Create", "POST /sources", func(ctx context.Context, c *client.Client) error {
		_, err := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
		return err
	}, true},
	{"Orders.Create", "POST /orders", func(ctx context.Context, c *client.Client) error {
		_, err := c.Orders.Create(ctx, gen.OrderRequest{})
		return err
	}, true},
	{"Orders.Update", "POST /orders/{id}", func(ctx context.Context, c *client.Client) error {
		_, err := c.Orders.Update(ctx, "ord_1", gen.UpdateOrderRequest{})
		return err
	}, true},
}

// TestRetryRules sends every kind of call against every error status and
// counts the attempts: GET and DELETE retry 408, 429 and 5xx; POST retries
// only 429. With 2 retries, a retried call makes 3 attempts.
func TestRetryRules(t *testing.T) {
	statuses := []int{400, 401, 403, 404, 405, 406, 408, 409, 429, 500, 502, 503, 504}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			for _, status := range statuses {
				e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(2)}})
				e.mux.HandleFunc(op.pattern, func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, status, errorBody("x", "y", "z", "m"))
				})
				err := op.call(context.Background(), e.c)
				retried := status == 429 || (!op.post && (status == 408 || status >= 500))
				want := 1
				if retried {
					want = 3
				}
				if n := e.count(); n != want {
					t.Errorf("status %d: %d attempts, want %d", status, n, want)
				}
				var ae *client.APIError
				if !errors.As(err, &ae) || ae.StatusCode != status || ae.Attempts != want {
					t.Errorf("status %d: err = %v, want an APIError with %d attempts", status, err, want)
				}
				if got, want := errors.Is(err, client.ErrOutcomeUnknown), op.post && status >= 500; got != want {
					t.Errorf("status %d: errors.Is(err, ErrOutcomeUnknown) = %v, want %v", status, got, want)
				}
			}
		})
	}
}

// TestPostNotResentAfter502 is the rule that keeps a customer from being
// charged twice.
func TestPostNotResentAfter502(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(5)}})
	e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 502, errorBody("bad_gateway", "upstream", "", "upstream failed"))
	})
	_, err := e.c.Orders.Create(context.Background(), orderReq(t))
	if n := e.count(); n != 1 {
		t.Fatalf("the order was sent %d times, want once", n)
	}
	checkSentinels(t, err, "ErrServer", "ErrOutcomeUnknown")
	if !strings.Contains(err.Error(), "outcome unknown") {
		t.Errorf("message %q does not say the outcome is unknown", err)
	}
}

// TestRetryThenSuccess: transient failures are absorbed.
func TestRetryThenSuccess(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		fails   []int
		call    func(ctx context.Context, c *client.Client) error
	}{
		{"GET after 503, 500", "GET /customers/{id}", []int{503, 500}, func(ctx context.Context, c *client.Client) error {
			cu, err := c.Customers.Get(ctx, "cus_1")
			if err == nil && cu.ID != "cus_1" {
				return errors.New("wrong customer")
			}
			return err
		}},
		{"DELETE after 504, 408", "DELETE /customers/{id}", []int{504, 408}, func(ctx context.Context, c *client.Client) error {
			return c.Customers.Delete(ctx, "cus_1")
		}},
		{"POST after 429, 429", "POST /customers", []int{429, 429}, func(ctx context.Context, c *client.Client) error {
			_, err := c.Customers.Create(ctx, customerReq())
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(2)}})
			var n atomic.Int32
			e.mux.HandleFunc(tc.pattern, func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if i < len(tc.fails) {
					writeJSON(w, tc.fails[i], errorBody("x", "y", "", "m"))
					return
				}
				if r.Method == http.MethodDelete {
					w.WriteHeader(204)
					return
				}
				writeJSON(w, 200, []byte(`{"id":"cus_1"}`))
			})
			if err := tc.call(context.Background(), e.c); err != nil {
				t.Fatal(err)
			}
			if got := e.count(); got != 3 {
				t.Errorf("%d attempts, want 3", got)
			}
		})
	}
}

// hangUp is a handler that reads the request and closes the connection
// without answering: the request reached the server, the answer is lost.
func hangUp(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

// TestConnectionLostAfterSending: a GET is retried; a POST is not, and its
// error says the outcome is unknown.
func TestConnectionLostAfterSending(t *testing.T) {
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(2)}})
			var n atomic.Int32
			e.mux.HandleFunc(op.pattern, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					hangUp(w, r)
					return
				}
				writeJSON(w, 200, []byte(`{"id":"x","hasMore":false,"data":[]}`))
			})
			err := op.call(context.Background(), e.c)
			if op.post {
				if e.count() != 1 {
					t.Errorf("POST sent %d times after a lost answer, want once", e.count())
				}
				checkSentinels(t, err, "ErrOutcomeUnknown")
				return
			}
			if err != nil {
				t.Errorf("err = %v, want success after a retry", err)
			}
			if e.count() != 2 {
				t.Errorf("%d attempts, want 2", e.count())
			}
		})
	}
}

// refusedAddr returns an address on which nothing listens.
func refusedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// flakyDialer returns a transport whose first fail dials are refused (by a
// port nothing listens on); later dials reach the real address. dials counts them.
func flakyDialer(t *testing.T, fail int32, dials *atomic.Int32) *http.Transport {
	refused := refusedAddr(t)
	var d net.Dialer
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= fail {
			return d.DialContext(ctx, network, refused)
		}
		return d.DialContext(ctx, network, addr)
	}}
}

// TestConnectionRefused: a request that could not connect never reached the
// API, so even a POST is retried, and when retries run out the error does
// not claim an unknown outcome.
func TestConnectionRefused(t *testing.T) {
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			e := newEnv(t, envOpts{})
			e.mux.HandleFunc(op.pattern, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, []byte(`{"id":"x","hasMore":false,"data":[]}`))
			})
			var dials atomic.Int32
			hc := &http.Client{Transport: flakyDialer(t, 1, &dials)}
			c := newClient(t, e, client.WithHTTPClient(hc), client.WithMaxRetries(2))
			if err := op.call(context.Background(), c); err != nil {
				t.Fatalf("err = %v, want success after the refused dial", err)
			}
			if dials.Load() != 2 || e.count() != 1 {
				t.Errorf("%d dials, %d requests; want 2 dials and 1 request", dials.Load(), e.count())
			}

			dials.Store(0)
			hc = &http.Client{Transport: flakyDialer(t, 100, &dials)}
			c = newClient(t, e, client.WithHTTPClient(hc), client.WithMaxRetries(2))
			err := op.call(context.Background(), c)
			if err == nil || dials.Load() != 3 {
				t.Fatalf("err = %v after %d dials, want an error after 3", err, dials.Load())
			}
			checkSentinels(t, err)
			var op *net.OpError
			if !errors.As(err, &op) {
				t.Errorf("err = %v, want the *net.OpError kept", err)
			}
		})
	}
}

// newClient makes another client for e's server with the test defaults and opts.
func newClient(t *testing.T, e *env, opts ...client.Option) *client.Client {
	t.Helper()
	base := []client.Option{client.WithBaseURL(e.srv.URL + "/v1"), client.WithRateLimit(1e9, 1),
		client.WithBackoff(time.Millisecond, 4*time.Millisecond)}
	c, err := client.New(testKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTimeout: a POST that times out after it was sent has an unknown
// outcome and is not resent; a GET is retried.
func TestTimeout(t *testing.T) {
	e := newEnv(t, envOpts{})
	var n atomic.Int32
	slow := func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client going away
		if n.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		writeJSON(w, 200, []byte(`{"id":"cus_1"}`))
	}
	e.mux.HandleFunc("GET /customers/{id}", slow)
	e.mux.HandleFunc("POST /customers", slow)
	hc := &http.Client{Timeout: 100 * time.Millisecond}
	c := newClient(t, e, client.WithHTTPClient(hc), client.WithMaxRetries(2))

	if _, err := c.Customers.Get(context.Background(), "cus_1"); err != nil || n.Load() != 2 {
		t.Errorf("GET: err = %v after %d attempts, want success after 2", err, n.Load())
	}
	n.Store(0)
	_, err := c.Customers.Create(context.Background(), customerReq())
	if n.Load() != 1 {
		t.Errorf("POST sent %d times after a timeout, want once", n.Load())
	}
	checkSentinels(t, err, "ErrOutcomeUnknown")
}

// TestRetryAfter: the wait follows Retry-After in both forms, and a
// Retry-After longer than the cap ends the call at once.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name    string
		header  func() string
		minWait time.Duration
	}{
		{"seconds", func() string { return "1" }, 900 * time.Millisecond},
		{"HTTP date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, 900 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(1)}})
			var times []time.Time
			e.mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
				times = append(times, time.Now())
				if len(times) == 1 {
					w.Header().Set("Retry-After", tc.header())
					writeJSON(w, 429, errorBody("too_many_requests", "rate_limited", "", "slow down"))
					return
				}
				writeJSON(w, 201, []byte(`{"id":"cus_1"}`))
			})
			if _, err := e.c.Customers.Create(context.Background(), customerReq()); err != nil {
				t.Fatal(err)
			}
			if len(times) != 2 {
				t.Fatalf("%d attempts, want 2", len(times))
			}
			if d := times[1].Sub(times[0]); d < tc.minWait || d > 3*time.Second {
				t.Errorf("waited %v between attempts, want about what Retry-After said", d)
			}
		})
	}
	t.Run("beyond the cap", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(3), client.WithRetryAfterCap(time.Second)}})
		e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			writeJSON(w, 503, errorBody("service_unavailable", "maintenance", "", "back in an hour"))
		})
		start := time.Now()
		_, err := e.c.Customers.Get(context.Background(), "cus_1")
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.RetryAfter != time.Hour {
			t.Fatalf("err = %v, want an APIError with RetryAfter 1h", err)
		}
		if e.count() != 1 || time.Since(start) > time.Second {
			t.Errorf("%d attempts in %v, want 1 at once", e.count(), time.Since(start))
		}
	})
}

// TestCancelDuringBackoff: cancelling ctx ends a backoff wait at once; the
// error matches both the cancellation and the answer that was being retried.
func TestCancelDuringBackoff(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithBackoff(time.Minute, time.Minute)}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, errorBody("service_unavailable", "x", "", "m"))
		time.AfterFunc(20*time.Millisecond, cancel)
	})
	start := time.Now()
	_, err := e.c.Customers.Get(ctx, "cus_1")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v; the wait was not cancelled", d)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Errorf("err = %v, want the 503 kept", err)
	}
	if e.count() != 1 {
		t.Errorf("%d attempts, want 1", e.count())
	}
}

// TestDeadlineShorterThanWait: when ctx's deadline falls before the next
// retry could start, the call ends at once with the real cause.
func TestDeadlineShorterThanWait(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithBackoff(time.Minute, time.Minute)}})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, errorBody("internal_server_error", "x", "", "m"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := e.c.Customers.Get(ctx, "cus_1")
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want an immediate return", d)
	}
	checkSentinels(t, err, "ErrServer")
}

// TestMaxRetriesZero: no retries at all.
func TestMaxRetriesZero(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(0)}})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, errorBody("service_unavailable", "x", "", "m"))
	})
	_, err := e.c.Customers.Get(context.Background(), "cus_1")
	if e.count() != 1 || !errors.Is(err, client.ErrServer) {
		t.Errorf("%d attempts, err %v; want 1 attempt and ErrServer", e.count(), err)
	}
}

// TestConnectionReuse: 1,000 sequential calls mixing 200, 404 (with a 100 KB
// HTML body) and 500 answers go over at most 2 TCP connections, so every
// body is drained and closed.
func TestConnectionReuse(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(0)}})
	cust := seed(t, "getCustomer.response")
	page := []byte("<html>" + strings.Repeat("not found ", 10_000) + "</html>") // 100 KB: more than the client reads of an error
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "ok":
			writeJSON(w, 200, cust)
		case "gone":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			_, _ = w.Write(page)
		default:
			writeJSON(w, 500, errorBody("internal_server_error", "x", "", "m"))
		}
	})
	ids := []string{"ok", "gone", "boom"}
	for i := range 1000 {
		id := ids[i%3]
		_, err := e.c.Customers.Get(context.Background(), id)
		if (id == "ok") != (err == nil) {
			t.Fatalf("call %d (%s): err = %v", i, id, err)
		}
	}
	if n := e.conns.Load(); n > 2 {
		t.Errorf("1,000 calls opened %d connections, want at most 2", n)
	}
	if e.count() != 1000 {
		t.Errorf("server saw %d requests", e.count())
	}
}

// TestRateLimit: the client-side limiter spaces calls out.
func TestRateLimit(t *testing.T) {
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	e := newEnv(t, envOpts{opts: []client.Option{client.WithRateLimit(50, 1), client.WithLogger(logger)}})
	e.mux.HandleFunc("DELETE /customers/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	start := time.Now()
	for i := range 6 {
		if err := e.c.Customers.Delete(context.Background(), "cus_"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	// 6 calls at 50/s with a burst of 1: at least 5 gaps of 20 ms.
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("6 calls took %v, want at least 100 ms at 50/s", d)
	}
	// Each wait is logged, so it is not taken for a slow API.
	if n := strings.Count(log.String(), `msg="drapi: rate limit" op=deleteCustomer method=DELETE`); n < 4 {
		t.Errorf("%d rate-limit waits logged, want about 5:\n%s", n, log.String())
	}
}

// TestUntrustedCertificate: a certificate the client does not trust ends a
// call at once, without retries; no request was sent, so not even a POST
// has an unknown outcome.
func TestUntrustedCertificate(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request reached the server: %s %s", r.Method, r.URL)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors
	srv.StartTLS()
	defer srv.Close()
	c, err := client.New(testKey, client.WithBaseURL(srv.URL+"/v1"), client.WithMaxRetries(2),
		client.WithBackoff(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		conns.Store(0)
		err := op.call(context.Background(), c)
		if err == nil || conns.Load() != 1 {
			t.Errorf("%s: err = %v after %d connections, want an error after 1", op.name, err, conns.Load())
		}
		checkSentinels(t, err)
	}
}
