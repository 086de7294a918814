package client_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// fakeList serves a list of n objects with IDs c<n>..c1, newest first, with
// the API's paging rules.
func fakeList(n int) http.HandlerFunc {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "c" + strconv.Itoa(n-i)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit := 10
		if l := q.Get("limit"); l != "" {
			limit, _ = strconv.Atoi(l)
		}
		var data []string
		more := false
		switch {
		case q.Has("startingAfter"):
			i := slices.Index(ids, q.Get("startingAfter"))
			rest := ids[i+1:]
			data = rest[:min(limit, len(rest))]
			more = len(rest) > limit
		case q.Has("endingBefore"):
			i := slices.Index(ids, q.Get("endingBefore"))
			before := ids[:max(i, 0)]
			data = before[max(len(before)-limit, 0):]
			more = len(before) > limit
		default:
			data = ids[:min(limit, len(ids))]
			more = len(ids) > limit
		}
		writeJSON(w, 200, listBody(data, more))
	}
}

// listBody is a page of objects with the given IDs.
func listBody(ids []string, more bool) []byte {
	b := []byte(`{"hasMore":` + strconv.FormatBool(more) + `,"data":[`)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":"`+id+`"}`...)
	}
	return append(b, "]}"...)
}

// idRange returns c<from>, c<from+step>, ... up to c<to>.
func idRange(from, to, step int) []string {
	var out []string
	for i := from; (step > 0 && i <= to) || (step < 0 && i >= to); i += step {
		out = append(out, "c"+strconv.Itoa(i))
	}
	return out
}

// collect runs an iterator to its end and returns the IDs and the errors.
func collect[T any](seq func(func(T, error) bool), id func(T) string) (ids []string, errs []error) {
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id(v))
	}
	return ids, errs
}

func custID(c gen.Customer) string { return c.ID }

func TestAllForwards(t *testing.T) {
	e := newEnv(t, envOpts{validate: true})
	e.mux.HandleFunc("GET /customers", fakeList(25))
	params := &gen.ListCustomersParams{Limit: new(10), Email: new("jsmith@digitalriver.com")}
	ids, errs := collect(e.c.Customers.All(context.Background(), params), custID)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if want := idRange(25, 1, -1); !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	var cursors []string
	for _, r := range e.requests() {
		q := r.URL.Query()
		if q.Get("email") != "jsmith@digitalriver.com" || q.Get("limit") != "10" || q.Has("endingBefore") {
			t.Errorf("page request %q lost the filters or sent endingBefore", r.URL.RawQuery)
		}
		cursors = append(cursors, q.Get("startingAfter"))
	}
	if want := []string{"", "c16", "c6"}; !slices.Equal(cursors, want) {
		t.Errorf("startingAfter cursors = %q, want %q", cursors, want)
	}
	if params.StartingAfter != nil {
		t.Errorf("All changed the caller's params: %+v", params)
	}
}

func TestAllBackwards(t *testing.T) {
	e := newEnv(t, envOpts{validate: true})
	e.mux.HandleFunc("GET /customers", fakeList(25))
	ids, errs := collect(e.c.Customers.All(context.Background(), &gen.ListCustomersParams{EndingBefore: new("c3"), Limit: new(10)}), custID)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	// Walking back from c3, items come nearest first: c4, c5, ... c25.
	if want := idRange(4, 25, 1); !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	var cursors []string
	for _, r := range e.requests() {
		if r.URL.Query().Has("startingAfter") {
			t.Errorf("backwards page sent startingAfter: %q", r.URL.RawQuery)
		}
		cursors = append(cursors, r.URL.Query().Get("endingBefore"))
	}
	if want := []string{"c3", "c13", "c23"}; !slices.Equal(cursors, want) {
		t.Errorf("endingBefore cursors = %q, want %q", cursors, want)
	}
}

func TestAllOrders(t *testing.T) {
	e := newEnv(t, envOpts{validate: true})
	e.mux.HandleFunc("GET /orders", fakeList(7))
	ids, errs := collect(e.c.Orders.All(context.Background(), &gen.ListOrdersParams{Limit: new(3), CustomerID: new("cus_1")}),
		func(o gen.Order) string { return o.ID })
	if len(errs) != 0 || !slices.Equal(ids, idRange(7, 1, -1)) {
		t.Errorf("ids = %v, errs = %v", ids, errs)
	}
	for _, r := range e.requests() {
		if r.URL.Query().Get("customerId") != "cus_1" {
			t.Errorf("page request %q lost customerId", r.URL.RawQuery)
		}
	}
}

// TestAllRefusesToLoop: a server that ignores the cursor, or says there is
// more but sends nothing, ends the walk with an error instead of a loop.
func TestAllRefusesToLoop(t *testing.T) {
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		wantIDs  int
		wantReqs int
	}{
		{"cursor ignored", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, listBody([]string{"c3", "c2", "c1"}, true))
		}, 3, 2},
		{"hasMore with no data", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, listBody(nil, true))
		}, 0, 1},
		{"second page empty with hasMore", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("startingAfter") {
				writeJSON(w, 200, listBody(nil, true))
				return
			}
			writeJSON(w, 200, listBody([]string{"c2", "c1"}, true))
		}, 2, 2},
		{"cycle back to an earlier cursor", func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Query().Get("startingAfter") {
			case "":
				writeJSON(w, 200, listBody([]string{"c9", "c8"}, true))
			case "c8":
				writeJSON(w, 200, listBody([]string{"c7", "c6"}, true))
			default:
				writeJSON(w, 200, listBody([]string{"c9", "c8"}, true))
			}
		}, 4, 3},
		{"item without id", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, []byte(`{"hasMore":true,"data":[{"id":""}]}`))
		}, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, envOpts{})
			e.mux.HandleFunc("GET /customers", tc.handler)
			done := make(chan struct{})
			var ids []string
			var errs []error
			go func() {
				defer close(done)
				ids, errs = collect(e.c.Customers.All(context.Background(), nil), custID)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("All is still looping")
			}
			if len(errs) != 1 || len(ids) != tc.wantIDs || e.count() != tc.wantReqs {
				t.Errorf("%d ids, errors %v, %d requests; want %d ids, one error, %d requests",
					len(ids), errs, e.count(), tc.wantIDs, tc.wantReqs)
			}
		})
	}
}

// TestAllStopsOnError: an error yields once, after the items before it,
// and nothing follows it even if the loop goes on.
func TestAllStopsOnError(t *testing.T) {
	e := newEnv(t, envOpts{opts: []client.Option{client.WithMaxRetries(0)}})
	e.mux.HandleFunc("GET /customers", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("startingAfter") {
			writeJSON(w, 500, errorBody("internal_server_error", "x", "", "m"))
			return
		}
		writeJSON(w, 200, listBody([]string{"c2", "c1"}, true))
	})
	ids, errs := collect(e.c.Customers.All(context.Background(), nil), custID)
	if !slices.Equal(ids, []string{"c2", "c1"}) || len(errs) != 1 || !errors.Is(errs[0], client.ErrServer) {
		t.Errorf("ids %v, errs %v; want c2, c1 then one ErrServer", ids, errs)
	}
}

// TestAllPrefetchesAndBreaksClean: the next page is asked while the loop
// body handles the current one, and leaving the loop cancels that request
// (the server sees the cancellation) before All returns.
func TestAllPrefetchesAndBreaksClean(t *testing.T) {
	e := newEnv(t, envOpts{})
	secondAsked := make(chan struct{})
	cancelled := make(chan struct{})
	e.mux.HandleFunc("GET /customers", func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.Query().Has("startingAfter") {
			writeJSON(w, 200, listBody([]string{"c9", "c8", "c7"}, true))
			return
		}
		close(secondAsked)
		select {
		case <-r.Context().Done():
			close(cancelled)
		case <-time.After(10 * time.Second):
		}
	})
	n := 0
	for c, err := range e.c.Customers.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.ID == "c9" {
			select {
			case <-secondAsked: // asked while we are still on the first page
			case <-time.After(5 * time.Second):
				t.Fatal("the next page was not fetched ahead")
			}
		}
		if n == 2 {
			break
		}
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the prefetch was not cancelled when the loop ended")
	}
}

// TestAllNoGoroutineLeak: when a loop ends early, All returns only after
// the page it was fetching ahead has given up, so nothing of the client
// outlives the loop; many broken-off walks leave the goroutine count flat.
func TestAllNoGoroutineLeak(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.mux.HandleFunc("GET /customers", fakeList(100))
	var inFlight atomic.Int32 // prefetches under way in the transport
	base := e.srv.Client().Transport
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if !r.URL.Query().Has("startingAfter") {
			return base.RoundTrip(r)
		}
		inFlight.Add(1)
		defer inFlight.Add(-1)
		<-r.Context().Done()              // the next page never comes: only cancellation ends this
		time.Sleep(20 * time.Millisecond) // and giving up takes a while
		return nil, r.Context().Err()
	})
	c := newClient(t, e, client.WithHTTPClient(&http.Client{Transport: rt}))
	walk := func() {
		for c, err := range c.Customers.All(context.Background(), &gen.ListCustomersParams{Limit: new(5)}) {
			if err != nil {
				t.Fatal(err)
			}
			if c.ID == "c98" {
				for deadline := time.Now().Add(5 * time.Second); inFlight.Load() == 0; {
					if time.Now().After(deadline) {
						t.Fatal("the next page was not fetched ahead")
					}
					time.Sleep(time.Millisecond)
				}
				break
			}
		}
		if n := inFlight.Load(); n != 0 {
			t.Fatalf("%d page fetches still running after the loop ended", n)
		}
	}
	walk() // warm up the connection pool
	before := countGoroutines()
	for range 10 {
		walk()
	}
	if after := countGoroutines(); after > before+2 {
		t.Errorf("goroutines grew from %d to %d after 10 broken-off walks", before, after)
	}
}

// TestAllCopiesParams: changing the params after All does not change the
// walk, and the same iterator can run twice.
func TestAllCopiesParams(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.mux.HandleFunc("GET /customers", fakeList(5))
	params := &gen.ListCustomersParams{Limit: new(2), StartingAfter: new("c5")}
	seq := e.c.Customers.All(context.Background(), params)
	*params.Limit = 50
	*params.StartingAfter = "c2"
	for run := range 2 {
		ids, errs := collect(seq, custID)
		if len(errs) != 0 || !slices.Equal(ids, idRange(4, 1, -1)) {
			t.Errorf("run %d: ids %v, errs %v; want c4..c1", run, ids, errs)
		}
	}
	for _, r := range e.requests() {
		if l := r.URL.Query().Get("limit"); l != "2" {
			t.Errorf("page request %q has limit %s, want the 2 given to All", r.URL.RawQuery, l)
		}
	}
}

// TestListParamErrors: bad list parameters fail before any request, naming
// the problem.
func TestListParamErrors(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct {
		name   string
		params *gen.ListCustomersParams
		want   string
	}{
		{"both cursors", &gen.ListCustomersParams{StartingAfter: new("a"), EndingBefore: new("b")}, "StartingAfter and EndingBefore are both set"},
		{"limit 0", &gen.ListCustomersParams{Limit: new(0)}, "Limit 0 is out of range 1..100"},
		{"limit 101", &gen.ListCustomersParams{Limit: new(101)}, "Limit 101 is out of range 1..100"},
		{"empty cursor", &gen.ListCustomersParams{StartingAfter: new("")}, "StartingAfter is set but empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.c.Customers.List(context.Background(), tc.params)
			if err == nil || !containsAll(err.Error(), "Customers.List", tc.want) {
				t.Errorf("List: err = %v, want one naming %q", err, tc.want)
			}
			_, errs := collect(e.c.Customers.All(context.Background(), tc.params), custID)
			if len(errs) != 1 || !containsAll(errs[0].Error(), "Customers.All", tc.want) {
				t.Errorf("All: errs = %v", errs)
			}
		})
	}
	if e.count() != 0 {
		t.Errorf("%d requests sent with bad params", e.count())
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// countGoroutines returns the number of goroutines once it stops falling
// (goroutines of finished requests take a moment to exit).
func countGoroutines() int {
	n := runtime.NumGoroutine()
	for range 50 {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m >= n {
			return m
		}
		n = m
	}
	return n
}
