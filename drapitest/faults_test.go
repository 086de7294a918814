package drapitest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// statuses returns the status of each call the fake recorded.
func statuses(calls []Call) []int {
	var out []int
	for _, c := range calls {
		out = append(out, c.Status)
	}
	return out
}

func TestFaultWindows(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		ops   []string // "get" or "list", one call each
		want  []int
	}{
		{"every call", Fault{Status: 503}, []string{"get", "list"}, []int{503, 503}},
		{"after the 2nd call, twice", Fault{After: 2, Times: 2, Status: 500},
			[]string{"list", "list", "list", "list", "list"}, []int{200, 200, 500, 500, 200}},
		{"one operation only", Fault{Operation: gen.OpListCustomers, Times: 1, Status: 502},
			[]string{"get", "list", "get", "list"}, []int{404, 502, 404, 200}},
		{"the 2nd call of one operation", Fault{Operation: gen.OpGetCustomer, After: 1, Times: 1, Status: 504},
			[]string{"get", "list", "get", "get"}, []int{404, 200, 504, 404}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(t, WithFaults(tc.fault))
			for _, op := range tc.ops {
				path := "/customers"
				if op == "get" {
					path = "/customers/nobody"
				}
				call(t, srv, "GET", path, nil)
			}
			if got := statuses(srv.Calls()); !slices.Equal(got, tc.want) {
				t.Errorf("statuses %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFault429RetryAfter(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Operation: gen.OpCreateCustomer, Times: 1, Status: 429, RetryAfter: 3}))
	a := call(t, srv, "POST", "/customers", gen.CustomerRequest{}).mustStatus(t, 429)
	if got := a.header.Get("Retry-After"); got != "3" {
		t.Errorf("Retry-After %q, want 3", got)
	}
	if e := a.errs(t); e.Type != "too_many_requests" {
		t.Errorf("type %q", e.Type)
	}
	if len(srv.Customers()) != 0 {
		t.Error("a 429 created the customer")
	}
	calls := srv.Calls()
	if !calls[0].Injected || calls[0].Operation != "createCustomer" {
		t.Errorf("call %+v", calls[0])
	}
	call(t, srv, "POST", "/customers", gen.CustomerRequest{}).mustStatus(t, 201)
}

func TestFaultComesBeforeTheKey(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Status: 503, Times: 1}))
	callWith(t, srv, "GET", "/customers", nil, http.Header{}).mustStatus(t, 503)
	callWith(t, srv, "GET", "/customers", nil, http.Header{}).mustStatus(t, 401)
}

// rawDo sends one request with the server's key through a fresh connection
// and returns the error of the round trip.
func rawDo(srv *Server, method, path, body string) (*http.Response, error) {
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Key())
	req.Header.Set("Content-Type", "application/json")
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

func TestFaultDrop(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Operation: gen.OpCreateOrder, Times: 1, Drop: true}))
	if _, err := rawDo(srv, "POST", "/orders", `{"upstreamId": "u1"}`); err == nil {
		t.Fatal("dropped connection gave no error")
	}
	if n := len(srv.Orders()); n != 0 {
		t.Errorf("a request dropped before handling created %d orders", n)
	}
	c := srv.Calls()[0]
	if c.Status != 0 || !c.Injected {
		t.Errorf("call %+v, want status 0, injected", c)
	}
	if resp, err := rawDo(srv, "POST", "/orders", `{"upstreamId": "u1"}`); err != nil || resp.StatusCode != 201 {
		t.Fatalf("after the fault: %v %v", resp, err)
	}
}

func TestFaultDropResponse(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Operation: gen.OpCreateOrder, Times: 1, DropResponse: true}))
	if _, err := rawDo(srv, "POST", "/orders", `{"upstreamId": "lost-1"}`); err == nil {
		t.Fatal("dropped response gave no error")
	}
	// The order was created all the same: find it as a client would.
	got, _ := listOrders(t, srv, "?upstreamIds=lost-1")
	if len(got) != 1 {
		t.Fatalf("orders with the lost upstreamId: %v, want one", got)
	}
}

func TestFaultLatency(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Operation: gen.OpGetCustomer, Latency: 150 * time.Millisecond}))
	start := time.Now()
	call(t, srv, "GET", "/customers/nobody", nil).mustStatus(t, 404)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered in %v, want at least the latency", d)
	}
	if d := srv.Calls()[0].Duration; d < 150*time.Millisecond {
		t.Errorf("call duration %v", d)
	}
	start = time.Now()
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("another operation took %v", d)
	}

	// A client that gives up is not kept waiting.
	srv.SetFaults(Fault{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/customers", nil)
	_, err := srv.hs.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want the client's deadline", err)
	}
}

func TestFaultRateIsDeterministic(t *testing.T) {
	run := func(seed uint64) []int {
		srv := NewServer(t, WithFaultSeed(seed), WithFaults(Fault{Rate: 0.3, Status: 503}))
		for range 40 {
			call(t, srv, "GET", "/customers", nil)
		}
		return statuses(srv.Calls())
	}
	a, b := run(7), run(7)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different failures:\n%v\n%v", a, b)
	}
	failed := 0
	for _, s := range a {
		if s == 503 {
			failed++
		}
	}
	if failed < 4 || failed > 20 {
		t.Errorf("%d of 40 calls failed at rate 0.3", failed)
	}
	if c := run(8); slices.Equal(a, c) {
		t.Errorf("seeds 7 and 8 failed the same calls: %v", c)
	}
}

func TestSetFaultsResetsCounts(t *testing.T) {
	srv := NewServer(t)
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200)
	if err := srv.SetFaults(Fault{Times: 1, Status: 500}); err != nil {
		t.Fatal(err)
	}
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 500)
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200)
	srv.SetFaults()
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200)
}

func TestBadFaults(t *testing.T) {
	for _, f := range []Fault{
		{},
		{Status: 200},
		{Status: 418},
		{Operation: "refundOrder", Status: 500},
		{Status: 500, Drop: true},
		{Rate: 2, Status: 500},
		{After: -1, Status: 500},
		{Latency: -time.Second},
		{RetryAfter: 2},
	} {
		if _, err := New(WithFaults(f)); err == nil {
			t.Errorf("New accepted fault %+v", f)
		}
		if err := (&Fake{}).SetFaults(f); err == nil {
			t.Errorf("SetFaults accepted fault %+v", f)
		}
	}
}

func TestCalls(t *testing.T) {
	srv := NewServer(t)
	call(t, srv, "GET", "/customers?limit=5", nil)
	call(t, srv, "POST", "/customers", gen.CustomerRequest{})
	call(t, srv, "GET", "/nowhere", nil)
	want := []Call{
		{Method: "GET", Path: "/customers", Query: "limit=5", Operation: gen.OpListCustomers, Status: 200},
		{Method: "POST", Path: "/customers", Operation: gen.OpCreateCustomer, Status: 201},
		{Method: "GET", Path: "/nowhere", Status: 404},
	}
	got := srv.Calls()
	if len(got) != len(want) {
		t.Fatalf("calls %+v", got)
	}
	for i := range want {
		got[i].Duration = 0
		if got[i].RequestID == "" {
			t.Errorf("call %d has no request ID", i)
		}
		got[i].RequestID = ""
		if got[i] != want[i] {
			t.Errorf("call %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	srv.ResetCalls()
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls after ResetCalls", n)
	}
}

func TestCallLimitAndHook(t *testing.T) {
	var mu sync.Mutex
	var hooked []string
	srv := NewServer(t, WithCallLimit(3), WithCallHook(func(c Call) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, c.Query)
	}))
	for i := range 10 {
		call(t, srv, "GET", "/customers?limit="+string(rune('1'+i%9)), nil)
	}
	got := srv.Calls()
	if len(got) != 3 || got[2].Query != "limit=1" || got[0].Query != "limit=8" {
		t.Errorf("kept calls %+v, want the newest 3", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hooked) != 10 {
		t.Errorf("hook saw %d calls, want 10", len(hooked))
	}
}

func TestFaultString(t *testing.T) {
	for _, tc := range []struct {
		f    Fault
		want string
	}{
		{Fault{Status: 503}, "every call: status 503"},
		{Fault{Operation: gen.OpCreateOrder, After: 2, Times: 1, Latency: time.Second, Drop: true}, "createOrder after 2 for 1: latency 1s, drop"},
		{Fault{Rate: 0.1, DropResponse: true}, "every call at rate 0.1: drop response"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.f, got, tc.want)
		}
	}
}
