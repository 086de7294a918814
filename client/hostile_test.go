package client_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// rawServer answers every connection on loopback with answer, written as
// is after the request head is read, then does what hold says: close the
// connection (false) or keep it open and silent until the test ends (true).
func rawServer(t *testing.T, answer string, hold bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				buf := make([]byte, 4096)
				for n := req.ContentLength; n > 0; {
					m, err := req.Body.Read(buf)
					n -= int64(m)
					if err != nil {
						break
					}
				}
				conn.Write([]byte(answer))
				if hold {
					<-done
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// rawClient returns a client of base that retries at most once, quickly.
func rawClient(t *testing.T, base string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(testKey, append([]client.Option{client.WithBaseURL(base), client.WithRateLimit(rate.Inf, 0),
		client.WithBackoff(time.Millisecond, 2*time.Millisecond), client.WithMaxRetries(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCreatedBodyCutShort: a 201 whose body ends early (Content-Length
// 1000, 22 bytes, then the connection closes) may still mean the order
// exists, so the error matches ErrOutcomeUnknown, and the POST is not sent
// again.
func TestCreatedBodyCutShort(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"id": "ord_1", "sta`))
	}))
	t.Cleanup(srv.Close)
	c := rawClient(t, srv.URL)
	_, err := c.Orders.Create(context.Background(), orderReq(t))
	if !errors.Is(err, client.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want it to match ErrOutcomeUnknown", err)
	}
	var de *client.DecodeError
	if !errors.As(err, &de) || de.StatusCode != http.StatusCreated {
		t.Errorf("err = %v, want a DecodeError with status 201", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// TestSwitchingProtocolsThenSilence: an unsolicited 101 followed by silence
// ends at the context's deadline, and at the client's timeout when the
// context has none.
func TestSwitchingProtocolsThenSilence(t *testing.T) {
	base := rawServer(t, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", true)
	check := func(name string, c *client.Client, ctx context.Context) {
		t.Helper()
		start := time.Now()
		errc := make(chan error, 1)
		go func() {
			_, err := c.Customers.Get(ctx, "cus_1")
			errc <- err
		}()
		select {
		case err := <-errc:
			if err == nil {
				t.Errorf("%s: no error for a 101", name)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%s: took %v", name, d)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still waiting after 10s", name)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	check("context deadline", rawClient(t, base), ctx)
	hc := &http.Client{Timeout: 300 * time.Millisecond}
	check("client timeout", rawClient(t, base, client.WithHTTPClient(hc)), context.Background())

	// A POST so answered was received: the order may exist.
	_, err := rawClient(t, base).Orders.Create(ctx, gen.OrderRequest{})
	if !errors.Is(err, client.ErrOutcomeUnknown) {
		t.Errorf("a POST answered 101: %v, want ErrOutcomeUnknown", err)
	}
}

// TestRedirectNeverDowngradesOrLeaves: whatever the caller's http.Client
// does with redirects, the client follows none that goes from https to
// http or to another host (the key would go with it); the 3xx is the
// answer. One that stays on the same scheme and host is the caller's
// http.Client's to follow.
func TestRedirectNeverDowngradesOrLeaves(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the key reached %s over http", r.URL)
		}
		writeJSON(w, 200, []byte(`{"id": "cus_9"}`))
	}))
	t.Cleanup(plain.Close)
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(secure.Close)

	// https to http: refused, whatever the caller's client allows.
	hc := secure.Client() // follows up to 10 redirects
	c := rawClient(t, secure.URL+"/v1", client.WithHTTPClient(hc))
	_, err := c.Customers.Get(context.Background(), "cus_9")
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusFound {
		t.Errorf("https to http: err = %v, want an APIError with 302", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("https to http: the http server saw %d requests", n)
	}
	if hc.CheckRedirect != nil {
		t.Error("the caller's http.Client was changed")
	}

	// To another host (localhost is not 127.0.0.1): refused too.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(plain.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(other.Close)
	c = rawClient(t, other.URL+"/v1", client.WithHTTPClient(&http.Client{}))
	_, err = c.Customers.Get(context.Background(), "cus_9")
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusTemporaryRedirect {
		t.Errorf("other host: err = %v, want an APIError with 307", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("other host: the other server saw %d requests", n)
	}

	// Same scheme, same host: the caller's client follows it.
	same := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/customers/cus_1" {
			http.Redirect(w, r, "/v1/customers/cus_2", http.StatusFound)
			return
		}
		writeJSON(w, 200, []byte(`{"id": "cus_2"}`))
	}))
	t.Cleanup(same.Close)
	c = rawClient(t, same.URL+"/v1", client.WithHTTPClient(&http.Client{}))
	cus, err := c.Customers.Get(context.Background(), "cus_1")
	if err != nil || cus.ID != "cus_2" {
		t.Errorf("same host: got %v, %v; want cus_2 after the redirect", cus, err)
	}
}

// TestServerTextEscapedAndBounded: what the server says (type, code,
// parameter, message, request ID) reaches Error() with control characters
// escaped, so no terminal escape or forged log line gets through, and each
// field bounded.
func TestServerTextEscapedAndBounded(t *testing.T) {
	huge := strings.Repeat("r", 100<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Go's client refuses control characters in headers: a long one is
		// what a header can do.
		w.Header().Set("X-Request-Id", "req_"+huge)
		writeJSON(w, 400, errorBody("bad\x1b]0;pwned\x07", "code\r\nlevel=ERROR forged=1", "param\x00", "message\n"+huge[:30<<10]))
	}))
	t.Cleanup(srv.Close)
	c := rawClient(t, srv.URL)
	_, err := c.Customers.Get(context.Background(), "cus_1")
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %.300v, want an APIError", err)
	}
	msg := err.Error()
	for _, c := range msg {
		if c < 0x20 || c == 0x7f {
			t.Fatalf("Error() has control character %q: %.200q", c, msg)
		}
	}
	if len(msg) > 4096 {
		t.Errorf("Error() is %d bytes, want it bounded", len(msg))
	}
	for _, s := range []string{ae.Type, ae.RequestID, ae.Errors[0].Code, *ae.Errors[0].Parameter, ae.Errors[0].Message} {
		if strings.ContainsAny(s, "\x1b\r\n\x00\x07") || len(s) > 2048 {
			t.Errorf("field %.80q... (%d bytes) is not escaped or not bounded", s, len(s))
		}
	}
	if !strings.Contains(msg, `code\r\nlevel=ERROR`) || !strings.Contains(msg, `bad\x1b]0;pwned\a`) {
		t.Errorf("Error() = %.300q, want the control characters shown escaped", msg)
	}
}
