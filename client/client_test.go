package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// TestNewRejects: bad keys and options are refused with an error that names
// the problem and never repeats the key.
func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		key  string
		opts []client.Option
		want string
	}{
		{"empty key", "", nil, "secret key is empty"},
		{"public key", "pk_test_0123456789", nil, "public key"},
		{"key with a newline", "sk_test_abc\nX-Evil: 1", nil, "cannot be sent in a header at byte 11"},
		{"key with spaces around", " sk_test_abc ", nil, "white space"},
		{"plain http to a remote host", testKey, []client.Option{client.WithBaseURL("http://api.digitalriver.com")}, "plain http is allowed only to a loopback host"},
		{"plain http to a private address", testKey, []client.Option{client.WithBaseURL("http://10.0.0.1:8080/v1")}, "plain http is allowed only to a loopback host"},
		{"other scheme", testKey, []client.Option{client.WithBaseURL("ftp://127.0.0.1")}, "scheme must be https"},
		{"no host", testKey, []client.Option{client.WithBaseURL("https:///v1")}, "has no host"},
		{"credentials in the URL", testKey, []client.Option{client.WithBaseURL("https://user:pw@api.digitalriver.com")}, "must not hold credentials"},
		{"query in the URL", testKey, []client.Option{client.WithBaseURL("https://api.digitalriver.com/?x=1")}, "query or fragment"},
		{"unparsable URL", testKey, []client.Option{client.WithBaseURL("https://[::1")}, "base URL"},
		{"nil http client", testKey, []client.Option{client.WithHTTPClient(nil)}, "WithHTTPClient: the *http.Client is nil"},
		{"negative retries", testKey, []client.Option{client.WithMaxRetries(-1)}, "WithMaxRetries: -1 is out of range"},
		{"zero backoff", testKey, []client.Option{client.WithBackoff(0, time.Second)}, "WithBackoff"},
		{"backoff max below base", testKey, []client.Option{client.WithBackoff(time.Second, time.Millisecond)}, "WithBackoff"},
		{"negative Retry-After cap", testKey, []client.Option{client.WithRetryAfterCap(-time.Second)}, "WithRetryAfterCap"},
		{"zero rate", testKey, []client.Option{client.WithRateLimit(0, 1)}, "WithRateLimit: the rate 0 must be positive"},
		{"zero burst", testKey, []client.Option{client.WithRateLimit(10, 0)}, "WithRateLimit: the burst 0"},
		{"control character in the User-Agent", testKey, []client.Option{client.WithUserAgent("svc\r\n")}, "WithUserAgent"},
		{"nil option", testKey, []client.Option{nil}, "option 0 is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := client.New(tc.key, tc.opts...)
			if err == nil {
				t.Fatalf("New accepted it: %v", c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to say %q", err, tc.want)
			}
			if tc.key != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.key)) {
				t.Errorf("err = %q repeats the key", err)
			}
		})
	}
}

// TestNewAccepts: https anywhere, plain http to loopback hosts, and base
// URLs with or without a trailing slash keep their path.
func TestNewAccepts(t *testing.T) {
	for _, u := range []string{"https://api.digitalriver.com", "https://proxy.example.com/dr/", "http://localhost:8080", "http://[::1]:9/v1"} {
		if _, err := client.New(testKey, client.WithBaseURL(u)); err != nil {
			t.Errorf("WithBaseURL(%q): %v", u, err)
		}
	}
	e := newEnv(t, envOpts{})
	e.mux.HandleFunc("DELETE /customers/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	for _, suffix := range []string{"/v1", "/v1/", "/v1//"} {
		c := newClient(t, e, client.WithBaseURL(e.srv.URL+suffix))
		if err := c.Customers.Delete(context.Background(), "cus_1"); err != nil {
			t.Errorf("base URL ending %q: %v", suffix, err)
		}
	}
}

// TestNewFromEnv reads the key and base URL from the environment; options
// given win.
func TestNewFromEnv(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer sk_test_fromenv" {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
		writeJSON(w, 200, []byte(`{"id":"cus_1"}`))
	})
	t.Setenv("DR_SECRET_KEY", "sk_test_fromenv")
	t.Setenv("DR_BASE_URL", e.srv.URL+"/v1")
	c, err := client.NewFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customers.Get(context.Background(), "cus_1"); err != nil {
		t.Fatal(err)
	}

	t.Setenv("DR_BASE_URL", "http://api.digitalriver.com")
	if _, err := client.NewFromEnv(); err == nil || !strings.Contains(err.Error(), "DR_BASE_URL") {
		t.Errorf("insecure DR_BASE_URL: err = %v, want one naming DR_BASE_URL", err)
	}
	if _, err := client.NewFromEnv(client.WithBaseURL(e.srv.URL + "/v1")); err == nil {
		t.Errorf("an insecure DR_BASE_URL is refused even when an option overrides it")
	}
	t.Setenv("DR_BASE_URL", "")
	t.Setenv("DR_SECRET_KEY", "")
	if _, err := client.NewFromEnv(); err == nil || !strings.Contains(err.Error(), "DR_SECRET_KEY is not set") {
		t.Errorf("no key: err = %v", err)
	}
}

// TestKeyNeverPrinted: the key is absent from every way of printing the
// client and its services.
func TestKeyNeverPrinted(t *testing.T) {
	c, err := client.New(testKey)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{"c": c, "*c": *c, "c.Customers": c.Customers, "*c.Orders": *c.Orders, "c.Sources": c.Sources}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T"} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testKey) || strings.Contains(s, "FAKEKEY") {
				t.Errorf("Sprintf(%q, %s) = %s: holds the key", verb, name, s)
			}
		}
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		slog.New(h).Info("client", "c", c, "value", *c, "any", any(c))
	}
	if strings.Contains(buf.String(), "FAKEKEY") {
		t.Errorf("a log record holds the key: %s", buf.String())
	}
	if !strings.Contains(fmt.Sprint(c), "sk_test_[REDACTED]") {
		t.Errorf("String() = %q, want the key's kind and [REDACTED]", fmt.Sprint(c))
	}
}

// TestKeyNeverInPanic: a program that panics with the client prints no key.
func TestKeyNeverInPanic(t *testing.T) {
	if os.Getenv("DRAPI_PANIC_CHILD") == "1" {
		c, _ := client.New(testKey)
		panic(c)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyNeverInPanic$")
	cmd.Env = append(os.Environ(), "DRAPI_PANIC_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the child did not panic")
	}
	if !strings.Contains(string(out), "panic: drapi client") {
		t.Errorf("the panic does not describe the client:\n%s", out)
	}
	if strings.Contains(string(out), "FAKEKEY") {
		t.Errorf("the panic shows the key:\n%s", out)
	}
}

// TestKeyNeverInErrorsOrLogs: errors and debug logs of failing calls, of
// every kind, hold no key and no body.
func TestKeyNeverInErrorsOrLogs(t *testing.T) {
	var logs logBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnv(t, envOpts{opts: []client.Option{client.WithLogger(logger), client.WithMaxRetries(1)}})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "echo":
			writeJSON(w, 400, errorBody("bad_request", "invalid_header", "Authorization", "bad: "+r.Header.Get("Authorization")))
		case "garbled":
			writeJSON(w, 200, []byte(`{"id": "x", "secretBody": "`+r.Header.Get("Authorization")))
		case "fine":
			writeJSON(w, 200, []byte(`{"id":"fine","email":"BODYMARKER@example.com"}`))
		case "cut": // a body cut short, retried: the retry record must not quote it
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":"cut","email":"BODYMARKER@example.com",`))
		case "proxy": // an HTML error page, retried
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
			_, _ = w.Write([]byte("<html>BODYMARKER</html>"))
		default:
			writeJSON(w, 503, errorBody("service_unavailable", "x", "", "m"))
		}
	})
	var errs []error
	for _, id := range []string{"echo", "garbled", "fine", "cut", "proxy", "down"} {
		_, err := e.c.Customers.Get(context.Background(), id)
		errs = append(errs, err)
	}
	bad := newClient(t, e, client.WithBaseURL("http://"+refusedAddr(t)+"/v1"), client.WithLogger(logger))
	_, err := bad.Customers.Create(context.Background(), customerReq())
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			continue
		}
		if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, "FAKEKEY") {
			t.Errorf("error %d holds the key: %s", i, s)
		}
	}
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "[REDACTED]") {
		t.Errorf("the echoed key was not redacted: %v", errs[0])
	}
	out := logs.String()
	if strings.Contains(out, "FAKEKEY") || strings.Contains(out, "BODYMARKER") || strings.Contains(out, "secretBody") {
		t.Errorf("the log holds the key or a body:\n%s", out)
	}
}

// TestLogRecords: one Debug record per attempt with method, path, status,
// duration, attempt and request ID; one Info record per retry.
func TestLogRecords(t *testing.T) {
	var logs logBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnv(t, envOpts{opts: []client.Option{client.WithLogger(logger), client.WithMaxRetries(2)}})
	n := 0
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("X-Request-Id", fmt.Sprintf("req_%d", n))
		if n == 1 {
			writeJSON(w, 503, errorBody("service_unavailable", "x", "", "m"))
			return
		}
		writeJSON(w, 200, []byte(`{"id":"cus_1"}`))
	})
	if _, err := e.c.Customers.Get(context.Background(), "cus_1"); err != nil {
		t.Fatal(err)
	}
	recs := logs.records(t)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3 (attempt, retry, attempt):\n%s", len(recs), logs.String())
	}
	for i, want := range []struct {
		level  string
		status float64
		rid    string
	}{{"DEBUG", 503, "req_1"}, {"INFO", 0, ""}, {"DEBUG", 200, "req_2"}} {
		r := recs[i]
		if r["level"] != want.level || r["method"] != "GET" || r["path"] != "/customers/cus_1" || r["op"] != "getCustomer" {
			t.Errorf("record %d = %v", i, r)
		}
		if want.level == "DEBUG" {
			if r["status"] != want.status || r["request_id"] != want.rid || r["attempt"] != float64(1+i/2) || r["duration"] == nil {
				t.Errorf("record %d = %v, want status %v, request_id %s", i, r, want.status, want.rid)
			}
		} else if r["wait"] == nil || r["cause"] == nil {
			t.Errorf("retry record = %v, want wait and cause", r)
		}
	}
}

// TestUserAgent: drapi's token comes first, the caller's suffix after.
func TestUserAgent(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithUserAgent("checkout/1.4")}})
	var ua string
	e.mux.HandleFunc("DELETE /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.WriteHeader(204)
	})
	if err := e.c.Customers.Delete(context.Background(), "cus_1"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ua, "drapi-go/"+client.Version) || !strings.HasSuffix(ua, " checkout/1.4") {
		t.Errorf("User-Agent = %q", ua)
	}
}

// TestBadArguments: IDs that would address another resource, a nil
// context and a client not made by New are errors before any request,
// never panics.
func TestBadArguments(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := context.Background()
	var nilCtx context.Context
	var zero client.Client
	calls := map[string]func() error{
		"Customers.Get empty": func() error { _, err := e.c.Customers.Get(ctx, ""); return err },
		"Customers.Get ..":    func() error { _, err := e.c.Customers.Get(ctx, ".."); return err },
		"Customers.Delete .":  func() error { return e.c.Customers.Delete(ctx, ".") },
		"Customers.Update ..": func() error { _, err := e.c.Customers.Update(ctx, "..", updateReq()); return err },
		"AttachSource no source": func() error {
			_, err := e.c.Customers.AttachSource(ctx, "cus_1", "")
			return err
		},
		"DetachSource no customer": func() error { return e.c.Customers.DetachSource(ctx, "", "src") },
		"Sources.Get empty":        func() error { _, err := e.c.Sources.Get(ctx, ""); return err },
		"Orders.Get space":         func() error { _, err := e.c.Orders.Get(ctx, " ord_1"); return err },
		"Orders.Update ..":         func() error { _, err := e.c.Orders.Update(ctx, "..", gen.UpdateOrderRequest{}); return err },
		"Orders.FindByUpstreamID":  func() error { _, err := e.c.Orders.FindByUpstreamID(ctx, ""); return err },
		"nil context":              func() error { _, err := e.c.Customers.Get(nilCtx, "cus_1"); return err },
		"nil context All": func() error {
			for _, err := range e.c.Orders.All(nilCtx, nil) {
				return err
			}
			return nil
		},
		"zero Client": func() error { _, err := zero.Customers.Get(ctx, "cus_1"); return err },
		"zero Client All": func() error {
			for _, err := range zero.Customers.All(ctx, nil) {
				return err
			}
			return nil
		},
		"zero Client Orders": func() error { _, err := zero.Orders.Create(ctx, orderReq(t)); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "drapi: ") {
			t.Errorf("%s: err = %q, want a drapi error", name, err)
		}
	}
	if e.count() != 0 {
		t.Errorf("%d requests were sent", e.count())
	}
	if s := fmt.Sprint(&zero); !strings.Contains(s, "not configured") {
		t.Errorf("zero client prints as %q", s)
	}
}

// TestConcurrentUse: one client, many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithRateLimit(rate.Inf, 0)}})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []byte(`{"id":"`+r.PathValue("id")+`"}`))
	})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 20 {
				id := fmt.Sprintf("cus_%d_%d", i, j)
				c, err := e.c.Customers.Get(context.Background(), id)
				if err != nil || c.ID != id {
					t.Errorf("Get(%s) = %v, %v", id, c, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestCancelledBeforeSending: a POST whose context is already cancelled is
// not sent and is not reported as an unknown outcome.
func TestCancelledBeforeSending(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.c.Orders.Create(ctx, orderReq(t))
	if !errors.Is(err, context.Canceled) || errors.Is(err, client.ErrOutcomeUnknown) || e.count() != 0 {
		t.Errorf("err = %v after %d requests; want context.Canceled, no request", err, e.count())
	}
}

// TestCancelledInFlight: a POST cancelled after it was sent may have been
// carried out: the error matches both context.Canceled and ErrOutcomeUnknown.
func TestCancelledInFlight(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		cancel()
		<-r.Context().Done()
	})
	_, err := e.c.Orders.Create(ctx, orderReq(t))
	if !errors.Is(err, context.Canceled) || !errors.Is(err, client.ErrOutcomeUnknown) || e.count() != 1 {
		t.Errorf("err = %v after %d requests; want context.Canceled and ErrOutcomeUnknown after 1", err, e.count())
	}
}
