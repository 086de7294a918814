package api_test

import (
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// fakeAPI serves body with status for every request, counting them.
func fakeAPI(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// report records what WithResponseReport is given.
type report struct {
	calls  int
	err    error
	status int
}

func (r *report) record(req *http.Request, resp *http.Response, err error) {
	r.calls++
	r.err = err
	r.status = resp.StatusCode
}

// TestTransport checks what reaches the server and what the caller gets.
func TestTransport(t *testing.T) {
	const goodCustomer = `{"id": "cus_1", "email": "jsmith@digitalriver.com"}`
	const badCustomer = `{"id": "cus_1", "email": "not an address"}`
	tests := []struct {
		name         string
		method, path string
		reqBody      string
		status       int
		respBody     string
		fail         bool // WithResponseFailure
		wantHits     int32
		wantErr      bool
		wantReports  int
		wantProblems string // a pointer or parameter the error names
	}{
		{name: "good call", method: "GET", path: "/customers/cus_1", status: 200, respBody: goodCustomer, wantHits: 1},
		{name: "bad request is not sent", method: "GET", path: "/customers?limit=1000", status: 200, respBody: `{}`,
			wantHits: 0, wantErr: true, wantProblems: "limit"},
		{name: "bad request body is not sent", method: "POST", path: "/customers", reqBody: `{"type": "corp"}`, status: 201, respBody: goodCustomer,
			wantHits: 0, wantErr: true, wantProblems: "/type"},
		{name: "path not in the contract is not sent", method: "GET", path: "/invoices", status: 200,
			wantHits: 0, wantErr: true},
		{name: "bad response is reported", method: "GET", path: "/customers/cus_1", status: 200, respBody: badCustomer,
			wantHits: 1, wantReports: 1},
		{name: "bad response fails the call", method: "GET", path: "/customers/cus_1", status: 200, respBody: badCustomer, fail: true,
			wantHits: 1, wantErr: true, wantProblems: "/email"},
		{name: "good error response", method: "GET", path: "/customers/cus_1", status: 404, fail: true,
			respBody: `{"type": "not_found", "errors": [{"code": "not_found", "message": "no such customer"}]}`, wantHits: 1},
		{name: "status not in the contract fails the call", method: "GET", path: "/customers/cus_1", status: 418, respBody: `{}`, fail: true,
			wantHits: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := fakeAPI(t, tt.status, tt.respBody)
			var rep report
			opts := []api.TransportOption{api.WithResponseReport(rep.record)}
			if tt.fail {
				opts = append(opts, api.WithResponseFailure())
			}
			hc := &http.Client{Transport: api.NewTransport(srv.Client().Transport, opts...)}
			var body io.Reader
			if tt.reqBody != "" {
				body = strings.NewReader(tt.reqBody)
			}
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := hc.Do(req)
			if got := hits.Load(); got != tt.wantHits {
				t.Errorf("server got %d requests, want %d", got, tt.wantHits)
			}
			if tt.wantErr {
				if err == nil {
					resp.Body.Close()
					t.Fatal("want an error, got none")
				}
				if tt.wantProblems != "" {
					var verr *api.ValidationError
					if !errors.As(err, &verr) {
						t.Fatalf("want a *ValidationError in %v", err)
					}
					if !strings.Contains(err.Error(), tt.wantProblems) {
						t.Errorf("error %q does not name %s", err, tt.wantProblems)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v", err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if string(got) != tt.respBody {
				t.Errorf("caller read %q, want %q", got, tt.respBody)
			}
			if rep.calls != tt.wantReports {
				t.Errorf("got %d reports, want %d", rep.calls, tt.wantReports)
			}
			if tt.wantReports > 0 {
				var verr *api.ValidationError
				if !errors.As(rep.err, &verr) || rep.status != tt.status {
					t.Errorf("report got %v for status %d", rep.err, rep.status)
				}
			}
		})
	}
}

// TestTransportSendsTheBody checks that the body validated is the body the
// server gets, and that the caller's request is left alone.
func TestTransportSendsTheBody(t *testing.T) {
	const body = `{"email": "jsmith@digitalriver.com"}`
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id": "cus_1"}`)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: api.NewTransport(nil, api.WithResponseFailure())}
	req, _ := http.NewRequest("POST", srv.URL+"/customers", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != body {
		t.Errorf("server got %q, want %q", got, body)
	}
	if req.URL.Path != "/customers" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("the caller's request was changed: %v %v", req.URL, req.Header)
	}
}

// TestTransportBasePath checks that a client with a base path is routed.
func TestTransportBasePath(t *testing.T) {
	srv, hits := fakeAPI(t, 200, `{"id": "cus_1"}`)
	tests := []struct {
		name    string
		opts    []api.TransportOption
		wantErr error
	}{
		{"without WithBasePath", nil, api.ErrNoRoute},
		{"with WithBasePath", []api.TransportOption{api.WithBasePath("/v1/")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc := &http.Client{Transport: api.NewTransport(srv.Client().Transport, append(tt.opts, api.WithResponseFailure())...)}
			resp, err := hc.Get(srv.URL + "/v1/customers/cus_1")
			if err == nil {
				resp.Body.Close()
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want %v", err, tt.wantErr)
			}
		})
	}
	if hits.Load() != 1 {
		t.Errorf("server got %d requests, want 1", hits.Load())
	}
}

// TestTransportBodyCap checks that a response larger than the cap is not
// read whole to be validated: the caller still gets all of it, and the
// report (or, with WithResponseFailure, the error) says it was not checked.
func TestTransportBodyCap(t *testing.T) {
	body := `{"id": "cus_1", "email": "` + strings.Repeat("x", 1<<20) + `@digitalriver.com"}`
	srv, _ := fakeAPI(t, 200, body)
	var rep report
	c := &http.Client{Transport: api.NewTransport(nil, api.WithMaxResponseBytes(4096), api.WithResponseReport(rep.record))}
	resp, err := c.Get(srv.URL + "/customers/cus_1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(got) != body {
		t.Errorf("got %d bytes (%v), want the %d of the answer", len(got), err, len(body))
	}
	if rep.calls != 1 || rep.err == nil || !strings.Contains(rep.err.Error(), "larger than 4096 bytes: not checked") {
		t.Errorf("report: %d calls, %v; want one saying the body was not checked", rep.calls, rep.err)
	}

	c = &http.Client{Transport: api.NewTransport(nil, api.WithMaxResponseBytes(4096), api.WithResponseFailure())}
	if _, err := c.Get(srv.URL + "/customers/cus_1"); err == nil || !strings.Contains(err.Error(), "larger than 4096 bytes") {
		t.Errorf("WithResponseFailure: got %v, want the call to fail for the size", err)
	}
}

// TestTransportDefaultBodyCap checks that without WithMaxResponseBytes a
// response larger than DefaultMaxResponseBytes is not validated either.
func TestTransportDefaultBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": "cus_1", "email": "`)
		chunk := strings.Repeat("x", 1<<20)
		for range api.DefaultMaxResponseBytes>>20 + 1 {
			io.WriteString(w, chunk)
		}
		io.WriteString(w, `@digitalriver.com"}`)
	}))
	t.Cleanup(srv.Close)
	var rep report
	c := &http.Client{Transport: api.NewTransport(nil, api.WithResponseReport(rep.record))}
	resp, err := c.Get(srv.URL + "/customers/cus_1")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || n < api.DefaultMaxResponseBytes {
		t.Errorf("read %d bytes (%v), want the whole answer", n, err)
	}
	if rep.err == nil || !strings.Contains(rep.err.Error(), "not checked") {
		t.Errorf("report: %v, want one saying the body was not checked", rep.err)
	}
}

// A request refused with more than MaxProblems problems counts those left
// out, as ValidateRequest does (Omitted was 0 and Error() counted 1001).
func TestTransportCountsOmitted(t *testing.T) {
	srv, hits := fakeAPI(t, 201, `{}`)
	hc := &http.Client{Transport: api.NewTransport(nil)}
	const n = api.MaxProblems + 500
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"skuId": "sku", "quantity": "x"}`)
	}
	resp, err := hc.Post(srv.URL+"/orders", "application/json", strings.NewReader(`{"items": [`+b.String()+`]}`))
	if err == nil {
		resp.Body.Close()
	}
	var verr *api.ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != api.MaxProblems+1 || verr.Omitted != 500 || hits.Load() != 0 {
		t.Fatalf("got %.100v (%d hits), want %d problems listed and 500 omitted", err, hits.Load(), api.MaxProblems)
	}
	if !strings.Contains(err.Error(), "api: 1500 problems") {
		t.Errorf("Error() = %.200q, want it to count 1500 problems", err.Error())
	}
}

// WithMaxResponseBytes(math.MaxInt64), "no limit", checks the body and
// hands it on: the limit plus one overflowed, nothing was read, and the
// caller got an empty body.
func TestTransportNoResponseLimit(t *testing.T) {
	const body = `{"id": "cus_1", "email": "jsmith@digitalriver.com"}`
	srv, _ := fakeAPI(t, 200, body)
	rep := &report{}
	hc := &http.Client{Transport: api.NewTransport(nil, api.WithMaxResponseBytes(math.MaxInt64), api.WithResponseReport(rep.record))}
	resp, err := hc.Get(srv.URL + "/customers/cus_1")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != body || rep.calls != 0 {
		t.Errorf("caller read %q, %d reports (%v); want the body and none", got, rep.calls, rep.err)
	}
}
