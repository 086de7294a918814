package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// fakeAPI starts a small stand-in for the API under /v1: customers c5..c1,
// customer "cus_missing" absent, and an orders endpoint whose create answers
// 502 after recording the order (an answer lost on its way back).
func fakeAPI() *httptest.Server {
	mux := http.NewServeMux()
	var created []string // upstreamIds of created orders
	mux.HandleFunc("GET /v1/customers/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if id == "cus_missing" {
			w.Header().Set("X-Request-Id", "req_7f3a")
			writeJSON(w, 404, errorBody("not_found", "resource_not_found", "id", "Customer cus_missing not found."))
			return
		}
		writeJSON(w, 200, []byte(`{"id":"`+id+`","email":"jsmith@digitalriver.com"}`))
	})
	mux.HandleFunc("GET /v1/customers", func(w http.ResponseWriter, r *http.Request) {
		fakeList(5)(w, r)
	})
	mux.HandleFunc("POST /v1/orders", func(w http.ResponseWriter, r *http.Request) {
		var o gen.OrderRequest
		_ = jsonDecode(r, &o)
		created = append(created, *o.UpstreamID)
		writeJSON(w, 502, []byte("<html><body>502 Bad Gateway</body></html>"))
	})
	mux.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {
		var data []string
		for i, u := range created {
			if u == r.URL.Query().Get("upstreamIds") {
				data = append(data, `{"id":"ord_`+strconv.Itoa(i+1)+`","upstreamId":"`+u+`","state":"accepted"}`)
			}
		}
		writeJSON(w, 200, []byte(`{"hasMore":false,"data":[`+strings.Join(data, ",")+`]}`))
	})
	return httptest.NewServer(mux)
}

func ExampleNew() {
	srv := fakeAPI()
	defer srv.Close()

	// In a service: client.NewFromEnv(), or client.New(key) for the real API.
	c, err := client.New("sk_test_0123456789abcdef", client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Contains(fmt.Sprint(c), "0123456789abcdef"))
	// Output: false
}

func ExampleCustomersService_Get() {
	srv := fakeAPI()
	defer srv.Close()
	c, err := client.New("sk_test_0123456789abcdef", client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}

	cust, err := c.Customers.Get(context.Background(), "cus_1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cust.ID, *cust.Email)
	// Output: cus_1 jsmith@digitalriver.com
}

func ExampleCustomersService_All() {
	srv := fakeAPI()
	defer srv.Close()
	c, err := client.New("sk_test_0123456789abcdef", client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}

	// Pages of two: the client asks for the next page itself.
	for cust, err := range c.Customers.All(context.Background(), &gen.ListCustomersParams{Limit: new(2)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cust.ID)
	}
	// Output:
	// c5
	// c4
	// c3
	// c2
	// c1
}

func ExampleAPIError() {
	srv := fakeAPI()
	defer srv.Close()
	c, err := client.New("sk_test_0123456789abcdef", client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}

	_, err = c.Customers.Get(context.Background(), "cus_missing")
	if errors.Is(err, client.ErrNotFound) {
		fmt.Println("no such customer")
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type, apiErr.Errors[0].Code, apiErr.RequestID)
	}
	// Output:
	// no such customer
	// 404 not_found resource_not_found req_7f3a
}

// An order whose creation got no clear answer is never sent again by the
// client; look it up by the upstreamId you gave it.
func ExampleOrdersService_FindByUpstreamID() {
	srv := fakeAPI()
	defer srv.Close()
	c, err := client.New("sk_test_0123456789abcdef", client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	req := gen.OrderRequest{UpstreamID: new("checkout-2291"), CustomerID: new("cus_1")}
	order, err := c.Orders.Create(ctx, req)
	if errors.Is(err, client.ErrOutcomeUnknown) {
		fmt.Println("outcome unknown:", errors.Is(err, client.ErrServer))
		order, err = c.Orders.FindByUpstreamID(ctx, *req.UpstreamID)
		if errors.Is(err, client.ErrNotFound) {
			// It was not created: now it is safe to create it again.
			order, err = c.Orders.Create(ctx, req)
		}
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.ID, *order.State)
	// Output:
	// outcome unknown: true
	// ord_1 accepted
}

// Sync the orders changed since the last run: list them by updatedTime from
// a checkpoint, and keep the newest updatedTime seen as the next checkpoint.
// The bound is inclusive (gte), so an order updated exactly at the
// checkpoint comes again: handle orders idempotently.
func ExampleOrdersService_All_updatedSince() {
	// A fake API whose clock ticks one second per reading, from 12:00:00.
	var ticks atomic.Int64
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	fake, err := drapitest.New(drapitest.WithClock(func() time.Time {
		return start.Add(time.Duration(ticks.Add(1)) * time.Second)
	}))
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, err := client.New(fake.Key(), client.WithBaseURL(srv.URL), client.WithAPIVersion(gen.ContractVersion))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var ids []string
	for _, up := range []string{"a", "b", "c"} { // created 12:00:01, :02, :03
		o, err := c.Orders.Create(ctx, gen.OrderRequest{UpstreamID: new(up), Items: []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(5.0)}}})
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	checkpoint := start.Add(3 * time.Second) // what the last run stored
	if _, err := c.Orders.Update(ctx, ids[0], gen.UpdateOrderRequest{Metadata: map[string]any{"shipped": true}}); err != nil {
		log.Fatal(err) // updated 12:00:04
	}

	next := checkpoint
	for o, err := range c.Orders.All(ctx, &gen.ListOrdersParams{UpdatedTime: client.Since(checkpoint), Limit: new(100)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(*o.UpstreamID, o.UpdatedTime.Format(time.TimeOnly))
		if o.UpdatedTime.After(next) {
			next = o.UpdatedTime.Time
		}
	}
	fmt.Println("next checkpoint", next.Format(time.TimeOnly))
	// Output:
	// c 12:00:03
	// a 12:00:04
	// next checkpoint 12:00:04
}
