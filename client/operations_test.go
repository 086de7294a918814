package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// TestOperations calls every operation of the contract against a server that
// answers the seed fixtures with the success status, through
// api.NewTransport: a request or response that breaks the contract fails the
// call. It checks the method and route (gen's table), the path under the base
// URL, the headers, the body sent and the value returned, and that no
// operation of the contract lacks a row.
func TestOperations(t *testing.T) {
	const srcID = "a6809a63-e6a9-4016-abbc-f33d19fccb5b"
	tests := []struct {
		op       gen.OperationID // its method and path are the route the server must see
		wantPath string
		wantBody string // request fixture, "" for none
		resp     string // response fixture, "" for none
		call     func(ctx context.Context, c *client.Client, t *testing.T) (any, error)
	}{
		{
			op: gen.OpCreateCustomer, wantPath: "/customers",
			wantBody: "seed:createCustomer.request", resp: "createCustomer.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				var req gen.CustomerRequest
				decodeInto(t, seed(t, "createCustomer.request"), &req)
				return c.Customers.Create(ctx, req)
			},
		},
		{
			op: gen.OpGetCustomer, wantPath: "/customers/5823594809", resp: "getCustomer.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Customers.Get(ctx, "5823594809")
			},
		},
		{
			op: gen.OpUpdateCustomer, wantPath: "/customers/5823594809",
			wantBody: "seed:updateCustomer.request", resp: "updateCustomer.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				var req gen.UpdateCustomerRequest
				decodeInto(t, seed(t, "updateCustomer.request"), &req)
				return c.Customers.Update(ctx, "5823594809", req)
			},
		},
		{
			op: gen.OpDeleteCustomer, wantPath: "/customers/5823594809",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return nil, c.Customers.Delete(ctx, "5823594809")
			},
		},
		{
			op:       gen.OpAttachCustomerSource,
			wantPath: "/customers/5823594809/sources/" + srcID, resp: "attachCustomerSource.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Customers.AttachSource(ctx, "5823594809", srcID)
			},
		},
		{
			op:       gen.OpDetachCustomerSource,
			wantPath: "/customers/5823594809/sources/" + srcID,
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return nil, c.Customers.DetachSource(ctx, "5823594809", srcID)
			},
		},
		{
			op: gen.OpListCustomers, wantPath: "/customers", resp: "listCustomers.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Customers.List(ctx, &gen.ListCustomersParams{Limit: new(2), Email: new("jsmith@digitalriver.com")})
			},
		},
		{
			op: gen.OpCreateSource, wantPath: "/sources",
			wantBody: "own:createSource.request", resp: "attachCustomerSource.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				var req gen.SourceRequest
				decodeInto(t, own(t, "createSource.request"), &req)
				return c.Sources.Create(ctx, req)
			},
		},
		{
			op: gen.OpGetSource, wantPath: "/sources/" + srcID, resp: "attachCustomerSource.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Sources.Get(ctx, srcID)
			},
		},
		{
			op: gen.OpCreateOrder, wantPath: "/orders",
			wantBody: "seed:createOrder.request", resp: "createOrder.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				var req gen.OrderRequest
				decodeInto(t, seed(t, "createOrder.request"), &req)
				return c.Orders.Create(ctx, req)
			},
		},
		{
			op: gen.OpGetOrder, wantPath: "/orders/ord_5823594809", resp: "getOrder.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Orders.Get(ctx, "ord_5823594809")
			},
		},
		{
			op: gen.OpUpdateOrder, wantPath: "/orders/ord_5823594809",
			wantBody: "seed:updateOrder.request", resp: "updateOrder.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				var req gen.UpdateOrderRequest
				decodeInto(t, seed(t, "updateOrder.request"), &req)
				return c.Orders.Update(ctx, "ord_5823594809", req)
			},
		},
		{
			op: gen.OpListOrders, wantPath: "/orders", resp: "listOrders.response",
			call: func(ctx context.Context, c *client.Client, t *testing.T) (any, error) {
				return c.Orders.List(ctx, &gen.ListOrdersParams{UpstreamIDs: []string{"a", "b"}, Limit: new(10)})
			},
		},
	}
	tested := map[gen.OperationID]bool{}
	for _, tc := range tests {
		tested[tc.op] = true
		t.Run(string(tc.op), func(t *testing.T) {
			op, ok := tc.op.Operation()
			if !ok {
				t.Fatalf("the contract has no operation %s", tc.op)
			}
			e := newEnv(t, envOpts{validate: true})
			var respBody []byte
			if tc.resp != "" {
				respBody = seed(t, tc.resp)
			}
			e.mux.HandleFunc(op.Method+" "+op.Path, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != tc.wantPath {
					t.Errorf("path = %q, want %q", r.URL.Path, tc.wantPath)
				}
				if got, want := r.Header.Get("Authorization"), "Bearer "+testKey; got != want {
					t.Errorf("Authorization = %q, want the bearer key", got)
				}
				if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "drapi-go/") {
					t.Errorf("User-Agent = %q, want it to start with drapi-go/", ua)
				}
				if got := r.Header.Get("Accept"); got != "application/json" {
					t.Errorf("Accept = %q", got)
				}
				body, _ := io.ReadAll(r.Body)
				if tc.wantBody != "" {
					src, name, _ := strings.Cut(tc.wantBody, ":")
					var want []byte
					if src == "seed" {
						want = seed(t, name)
					} else {
						want = own(t, name)
					}
					if !sameJSON(t, body, want) {
						t.Errorf("request body differs from the fixture %s:\n%s", name, body)
					}
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("Content-Type = %q", ct)
					}
				} else if len(body) != 0 {
					t.Errorf("unexpected request body %q", body)
				}
				w.Header().Set("X-Request-Id", "req_"+string(tc.op))
				if respBody == nil {
					w.WriteHeader(op.SuccessStatus)
					return
				}
				writeJSON(w, op.SuccessStatus, respBody)
			})
			got, err := tc.call(context.Background(), e.c, t)
			if err != nil {
				t.Fatalf("%s: %v", tc.op, err)
			}
			if e.count() != 1 {
				t.Errorf("server saw %d requests, want 1", e.count())
			}
			if respBody != nil && !sameJSON(t, mustJSON(t, got), respBody) {
				t.Errorf("result differs from the response fixture:\n%s", mustJSON(t, got))
			}
		})
	}
	for _, id := range gen.OperationIDs() {
		if !tested[id] {
			t.Errorf("operation %s has no row here: give it a client method and test it", id)
		}
	}
}

// TestListQuery checks that list parameters reach the server as the
// contract spells them, arrays exploded.
func TestListQuery(t *testing.T) {
	e := newEnv(t, envOpts{validate: true})
	var got string
	e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`))
	})
	_, err := e.c.Orders.List(context.Background(), &gen.ListOrdersParams{
		UpstreamIDs: []string{"u1", "u2"}, CustomerID: new("cus_1"), Limit: new(100),
		State: new(gen.OrderStateAccepted),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"upstreamIds=u1", "upstreamIds=u2", "customerId=cus_1", "limit=100", "state=accepted"} {
		if !strings.Contains(got, want) {
			t.Errorf("query %q lacks %q", got, want)
		}
	}
}

// TestOwnFixturesFollowTheContract keeps this package's fixtures honest.
func TestOwnFixturesFollowTheContract(t *testing.T) {
	if err := api.ValidateRequestBody("createSource", own(t, "createSource.request")); err != nil {
		t.Fatal(err)
	}
}

// TestFindByUpstreamID checks the reconciliation helper: found, and absent.
func TestFindByUpstreamID(t *testing.T) {
	e := newEnv(t, envOpts{validate: true})
	order := seed(t, "getOrder.response")
	e.mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("upstreamIds") == "0916805858" {
			writeJSON(w, 200, []byte(`{"hasMore":false,"data":[`+string(order)+`]}`))
			return
		}
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[]}`))
	})
	var want gen.Order
	decodeInto(t, order, &want)
	if want.UpstreamID == nil {
		t.Fatal("the getOrder fixture has no upstreamId")
	}
	o, err := e.c.Orders.FindByUpstreamID(context.Background(), *want.UpstreamID)
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != want.ID {
		t.Errorf("found order %q, want %q", o.ID, want.ID)
	}
	_, err = e.c.Orders.FindByUpstreamID(context.Background(), "nope")
	if !errors.Is(err, client.ErrNotFound) {
		t.Errorf("absent upstreamId: err = %v, want ErrNotFound", err)
	}
}
