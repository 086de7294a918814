package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/client"
)

// sentinels lists every sentinel, so each test can check that exactly the
// expected ones match.
var sentinels = map[string]error{
	"ErrBadRequest":     client.ErrBadRequest,
	"ErrUnauthorized":   client.ErrUnauthorized,
	"ErrForbidden":      client.ErrForbidden,
	"ErrNotFound":       client.ErrNotFound,
	"ErrConflict":       client.ErrConflict,
	"ErrRateLimited":    client.ErrRateLimited,
	"ErrServer":         client.ErrServer,
	"ErrOutcomeUnknown": client.ErrOutcomeUnknown,
}

// checkSentinels fails unless err matches exactly the named sentinels.
func checkSentinels(t *testing.T, err error, want ...string) {
	t.Helper()
	for name, s := range sentinels {
		wanted := false
		for _, w := range want {
			wanted = wanted || w == name
		}
		if got := errors.Is(err, s); got != wanted {
			t.Errorf("errors.Is(err, %s) = %v, want %v (err: %v)", name, got, wanted, err)
		}
	}
}

// TestErrorStatuses maps every error status of the contract to an
// *APIError with its sentinel, for a GET and for a POST.
func TestErrorStatuses(t *testing.T) {
	tests := []struct {
		status   int
		typ      string
		sentinel string // "" for none
	}{
		{400, "bad_request", "ErrBadRequest"},
		{401, "unauthorized", "ErrUnauthorized"},
		{403, "forbidden", "ErrForbidden"},
		{404, "not_found", "ErrNotFound"},
		{405, "method_not_allowed", ""},
		{406, "not_acceptable", ""},
		{408, "request_timeout", ""},
		{409, "conflict", "ErrConflict"},
		{429, "too_many_requests", "ErrRateLimited"},
		{500, "internal_server_error", "ErrServer"},
		{502, "bad_gateway", "ErrServer"},
		{503, "service_unavailable", "ErrServer"},
		{504, "gateway_timeout", "ErrServer"},
	}
	for _, tc := range tests {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			e := newEnv(t, envOpts{validate: true, opts: []client.Option{client.WithMaxRetries(0)}})
			answer := func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req_42")
				writeJSON(w, tc.status, []byte(`{"type":"`+tc.typ+`","errors":[`+
					`{"code":"invalid_parameter","parameter":"email","message":"bad email"},`+
					`{"code":"missing_parameter","message":"no type"}]}`))
			}
			e.mux.HandleFunc("GET /customers/{id}", answer)
			e.mux.HandleFunc("POST /customers/{id}", answer)

			_, err := e.c.Customers.Get(context.Background(), "cus_1")
			var ae *client.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("GET: err = %T %v, want *client.APIError", err, err)
			}
			if ae.StatusCode != tc.status || ae.Type != tc.typ || ae.RequestID != "req_42" ||
				ae.Method != "GET" || ae.Path != "/customers/cus_1" || ae.Attempts != 1 || ae.Body != "" {
				t.Errorf("APIError = %+v", ae)
			}
			if len(ae.Errors) != 2 || ae.Errors[0].Code != "invalid_parameter" || ae.Errors[0].Parameter == nil ||
				*ae.Errors[0].Parameter != "email" || ae.Errors[0].Message != "bad email" ||
				ae.Errors[1].Code != "missing_parameter" || ae.Errors[1].Parameter != nil {
				t.Errorf("Errors = %+v", ae.Errors)
			}
			for _, part := range []string{"GET /customers/cus_1", tc.typ, "invalid_parameter (email) bad email", "missing_parameter no type", "req_42"} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("message %q lacks %q", err, part)
				}
			}
			var want []string
			if tc.sentinel != "" {
				want = append(want, tc.sentinel)
			}
			checkSentinels(t, err, want...)

			// The same answer to a POST: a 5xx also leaves the outcome unknown.
			_, err = e.c.Customers.Update(context.Background(), "cus_1", updateReq())
			if tc.status >= 500 {
				want = append(want, "ErrOutcomeUnknown")
			}
			checkSentinels(t, err, want...)
		})
	}
}

// TestUnexpectedBodies covers answers that are not what the contract says:
// nothing panics, every one is an error that keeps what the caller needs.
func TestUnexpectedBodies(t *testing.T) {
	html := "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" +
		strings.Repeat("<p>nginx padding</p>\n", 100) + "</body></html>"
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		check  func(t *testing.T, err error)
	}{
		{"HTML 502 from a proxy", 502, "text/html", html, func(t *testing.T, err error) {
			var ae *client.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v", err, err)
			}
			if ae.StatusCode != 502 || ae.Type != "" || len(ae.Errors) != 0 {
				t.Errorf("APIError = %+v", ae)
			}
			if !strings.HasPrefix(ae.Body, "<html><head><title>502 Bad Gateway") || len(ae.Body) > 300 {
				t.Errorf("Body excerpt = %q (%d bytes), want the page's start, bounded", ae.Body, len(ae.Body))
			}
			if len(err.Error()) > 600 {
				t.Errorf("message is %d bytes long, want it bounded", len(err.Error()))
			}
			checkSentinels(t, err, "ErrServer")
		}},
		{"error page echoing the key", 401, "text/plain", "bad header Authorization: Bearer " + testKey, func(t *testing.T, err error) {
			var ae *client.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v", err, err)
			}
			if strings.Contains(err.Error(), testKey) || strings.Contains(ae.Body, testKey) {
				t.Errorf("the key leaked into the error: %v", err)
			}
			if !strings.Contains(ae.Body, "[REDACTED]") {
				t.Errorf("Body = %q, want the key redacted", ae.Body)
			}
		}},
		{"error JSON of another shape", 400, "application/json", `{"message":"nope"}`, func(t *testing.T, err error) {
			var ae *client.APIError
			if !errors.As(err, &ae) || ae.Body != `{"message":"nope"}` || ae.StatusCode != 400 {
				t.Errorf("err = %v, want an APIError keeping the body", err)
			}
			checkSentinels(t, err, "ErrBadRequest")
		}},
		{"empty error body", 404, "", "", func(t *testing.T, err error) {
			checkSentinels(t, err, "ErrNotFound")
		}},
		{"truncated JSON", 200, "application/json", `{"id":"cus_1","email":"jsm`, func(t *testing.T, err error) {
			var de *client.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %T %v, want *client.DecodeError", err, err)
			}
			if de.StatusCode != 200 || string(de.Body) != `{"id":"cus_1","email":"jsm` || de.Err == nil {
				t.Errorf("DecodeError = %+v", de)
			}
			if !strings.Contains(err.Error(), "200") || !strings.Contains(err.Error(), `{\"id\":\"cus_1\"`) {
				t.Errorf("message %q lacks the status or the body", err)
			}
			checkSentinels(t, err)
		}},
		{"HTML with 200", 200, "text/html", "<html>maintenance</html>", func(t *testing.T, err error) {
			var de *client.DecodeError
			if !errors.As(err, &de) || de.StatusCode != 200 || string(de.Body) != "<html>maintenance</html>" {
				t.Errorf("err = %v, want a DecodeError keeping status and body", err)
			}
		}},
		{"empty 200", 200, "application/json", "", func(t *testing.T, err error) {
			var de *client.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("err = %v, want a DecodeError", err)
			}
		}},
		{"null 200", 200, "application/json", "null", func(t *testing.T, err error) {
			var de *client.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("err = %v, want a DecodeError", err)
			}
		}},
		{"wrong types", 200, "application/json", `{"id":5,"enabled":"yes"}`, func(t *testing.T, err error) {
			var de *client.DecodeError
			if !errors.As(err, &de) {
				t.Errorf("err = %v, want a DecodeError", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(0)}})
			e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			cust, err := e.c.Customers.Get(context.Background(), "cus_1")
			if err == nil {
				t.Fatalf("no error; got %+v", cust)
			}
			if cust != nil {
				t.Errorf("a result came with the error: %+v", cust)
			}
			tc.check(t, err)
		})
	}
}

// TestBodyCutShort: a 200 whose connection dies mid-body is retried for a GET
// and ends as a DecodeError, keeping the status, when retries run out.
func TestBodyCutShort(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(1)}})
	e.mux.HandleFunc("GET /customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"id":"cus_1",`))
		// The handler returns with 986 bytes owed: the server closes the connection.
	})
	_, err := e.c.Customers.Get(context.Background(), "cus_1")
	var de *client.DecodeError
	if !errors.As(err, &de) || de.StatusCode != 200 || string(de.Body) != `{"id":"cus_1",` {
		t.Fatalf("err = %v, want a DecodeError with status 200 and the partial body", err)
	}
	if n := e.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2 (one retry)", n)
	}
}

// TestRequestIDHeaderCase: the request ID is found whatever the case of the
// header's name in the map (a RoundTripper may not canonicalize).
func TestRequestIDHeaderCase(t *testing.T) {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: 404, Request: r,
			Header: http.Header{"x-request-id": {"req_lower"}},
			Body:   http.NoBody,
		}, nil
	})
	c, err := client.New(testKey, client.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Customers.Get(context.Background(), "cus_1")
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.RequestID != "req_lower" {
		t.Fatalf("err = %v, want an APIError with RequestID req_lower", err)
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestManyErrorsBounded: an answer with many errors keeps them all, but the
// message stays short.
func TestManyErrorsBounded(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`{"type":"bad_request","errors":[`)
		for i := range 50 {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"code":"invalid_parameter","parameter":"p","message":"m"}`)
		}
		b.WriteString("]}")
		writeJSON(w, 400, []byte(b.String()))
	})
	_, err := e.c.Customers.Create(context.Background(), customerReq())
	var ae *client.APIError
	if !errors.As(err, &ae) || len(ae.Errors) != 50 {
		t.Fatalf("err = %v, want all 50 errors kept", err)
	}
	if !strings.Contains(err.Error(), "and 45 more") || len(err.Error()) > 400 {
		t.Errorf("message = %q, want five errors and a count", err)
	}
}

// TestRedirectNotFollowed: the default *http.Client does not follow a
// redirect (which could resend a POST or send the key elsewhere): a 3xx is an
// *APIError.
func TestRedirectNotFollowed(t *testing.T) {
	e := newEnv(t, envOpts{})
	c, err := client.New(testKey, client.WithBaseURL(e.srv.URL+"/v1"), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	e.mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v1/elsewhere", http.StatusTemporaryRedirect)
	})
	_, err = c.Customers.Create(context.Background(), customerReq())
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("err = %v, want an APIError with 307", err)
	}
	checkSentinels(t, err)
	if n := e.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}
