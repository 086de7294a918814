package client_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// orderJSON is an order answer with the given ID, checkoutId and upstreamId
// ("" leaves the field out).
func orderJSON(t testing.TB, id, checkoutID, upstreamID string) []byte {
	t.Helper()
	o := gen.Order{ID: id}
	if checkoutID != "" {
		o.CheckoutID = new(checkoutID)
	}
	if upstreamID != "" {
		o.UpstreamID = new(upstreamID)
	}
	return mustJSON(t, o)
}

// TestCreateOrFindNeverCreatesTwice: CreateOrFind sends its POST again only
// when a lookup that worked found nothing after an answer that left the
// outcome unknown; never when the lookup itself failed, and never when the
// API answered 2xx (the order was made, whatever its body said).
func TestCreateOrFindNeverCreatesTwice(t *testing.T) {
	tests := []struct {
		name   string
		create func(w http.ResponseWriter) // the answer to the first POST
		list   func(w http.ResponseWriter) // the answer to every GET /orders
	}{
		{
			name: "5xx, then the lookup answers 404",
			create: func(w http.ResponseWriter) {
				writeJSON(w, 502, errorBody("bad_gateway", "bad_gateway", "", "upstream"))
			},
			list: func(w http.ResponseWriter) {
				writeJSON(w, 404, errorBody("not_found", "not_found", "", "no such path"))
			},
		},
		{
			name:   "201 whose body does not decode, not listed yet",
			create: func(w http.ResponseWriter) { writeJSON(w, 201, []byte(`null`)) },
			list:   func(w http.ResponseWriter) { writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`)) },
		},
		{
			name: "201 cut short, not listed yet",
			create: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "400")
				w.WriteHeader(201)
				_, _ = w.Write([]byte(`{"id":"ord_1",`))
				_ = http.NewResponseController(w).Flush()
				panic(http.ErrAbortHandler) // the connection ends before the body does
			},
			list: func(w http.ResponseWriter) { writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`)) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOpts{})
			var posts atomic.Int32
			e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
				if posts.Add(1) == 1 {
					tt.create(w)
					return
				}
				writeJSON(w, 201, orderJSON(t, "ord_2", "", "cart-1"))
			})
			e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) { tt.list(w) })
			o, err := e.c.Orders.CreateOrFind(context.Background(), gen.OrderRequest{CheckoutID: new("chk_1"), UpstreamID: new("cart-1")})
			if n := posts.Load(); n != 1 {
				t.Fatalf("%d POSTs (CreateOrFind returned %v); want 1: the first may have made the order", n, err)
			}
			if err == nil {
				t.Fatalf("CreateOrFind returned order %s, want an error", o.ID)
			}
		})
	}
}

// TestCreateOrFindAfter2xxFindsTheOrder: a 201 whose body does not decode
// made the order, and CreateOrFind returns it from the list.
func TestCreateOrFindAfter2xxFindsTheOrder(t *testing.T) {
	e := newEnv(t, envOpts{})
	var posts atomic.Int32
	e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		writeJSON(w, 201, []byte(`<html>proxy says hello</html>`))
	})
	e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[`+string(orderJSON(t, "ord_1", "chk_1", ""))+`]}`))
	})
	o, err := e.c.Orders.CreateOrFind(context.Background(), gen.OrderRequest{CheckoutID: new("chk_1")})
	if err != nil || o.ID != "ord_1" || posts.Load() != 1 {
		t.Fatalf("CreateOrFind: %v after %d POSTs; want ord_1 after 1", err, posts.Load())
	}
}

// TestCreateOrFindIgnoresAnotherCheckoutsOrder: the lookup by upstreamId
// does not take an order made from another checkout (an earlier checkout
// of the same cart) for the one this request made.
func TestCreateOrFindIgnoresAnotherCheckoutsOrder(t *testing.T) {
	e := newEnv(t, envOpts{})
	var posts atomic.Int32
	e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		if posts.Add(1) == 1 {
			writeJSON(w, 503, errorBody("service_unavailable", "service_unavailable", "", "try later"))
			return
		}
		writeJSON(w, 201, orderJSON(t, "ord_new", "chk_2", "cart-1"))
	})
	e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("upstreamIds") == "cart-1" {
			// The cart's order from its first checkout.
			writeJSON(w, 200, []byte(`{"hasMore":false,"data":[`+string(orderJSON(t, "ord_old", "chk_1", "cart-1"))+`]}`))
			return
		}
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`))
	})
	o, err := e.c.Orders.CreateOrFind(context.Background(), gen.OrderRequest{CheckoutID: new("chk_2"), UpstreamID: new("cart-1")})
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "ord_new" {
		t.Errorf("CreateOrFind returned %s, the order of checkout chk_1; want ord_new", o.ID)
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("unexpected API error %v", apiErr)
	}
}

// TestCreated2xxUndecodedIsOutcomeUnknown: a POST answered 2xx was carried
// out, so a body that does not decode (a proxy's page, a shape the models
// do not know) leaves what it made unknown: the error matches
// ErrOutcomeUnknown, as a cut-short body does, and a service that
// reconciles on ErrOutcomeUnknown does not make the order again. A GET's
// changes nothing.
func TestCreated2xxUndecodedIsOutcomeUnknown(t *testing.T) {
	for _, body := range []string{`null`, `{"id":5}`, `<html>ok</html>`} {
		e := newEnv(t, envOpts{})
		e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 201, []byte(body)) })
		e.mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []byte(body)) })
		_, err := e.c.Orders.Create(context.Background(), gen.OrderRequest{UpstreamID: new("cart-1")})
		if _, ok := errors.AsType[*client.DecodeError](err); !ok || !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Errorf("201 %s to a POST: %v; want a DecodeError matching ErrOutcomeUnknown", body, err)
		}
		_, err = e.c.Orders.Get(context.Background(), "ord_1")
		if _, ok := errors.AsType[*client.DecodeError](err); !ok || errors.Is(err, client.ErrOutcomeUnknown) {
			t.Errorf("200 %s to a GET: %v; want a DecodeError, not ErrOutcomeUnknown", body, err)
		}
	}
}

// TestCreateOrFindAgainWithUpstreamIDOnly: a second CreateOrFind of an
// order that an earlier call made (its answer lost, that call failed) finds
// it instead of making it again, with an upstreamId alone too, where the
// API has no checkoutId by which to refuse a second order.
func TestCreateOrFindAgainWithUpstreamIDOnly(t *testing.T) {
	e := newEnv(t, envOpts{})
	var posts atomic.Int32
	e.mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		writeJSON(w, 201, orderJSON(t, "ord_2", "", "cart-1"))
	})
	e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("upstreamIds") == "cart-1" {
			writeJSON(w, 200, []byte(`{"hasMore":false,"data":[`+string(orderJSON(t, "ord_1", "", "cart-1"))+`]}`))
			return
		}
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`))
	})
	o, err := e.c.Orders.CreateOrFind(context.Background(), gen.OrderRequest{UpstreamID: new("cart-1")})
	if err != nil || o.ID != "ord_1" || posts.Load() != 0 {
		t.Fatalf("CreateOrFind: %v after %d POSTs; want ord_1, made by an earlier call, and no POST", err, posts.Load())
	}
	// Nothing listed: created, once.
	o, err = e.c.Orders.CreateOrFind(context.Background(), gen.OrderRequest{UpstreamID: new("cart-2")})
	if err != nil || o.ID != "ord_2" || posts.Load() != 1 {
		t.Fatalf("CreateOrFind of a new cart: %v after %d POSTs; want ord_2 after 1", err, posts.Load())
	}
}
