package drapitest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// newClient returns a client of srv whose every request and response is
// checked against the contract (srv.Client) and with short retry waits. The
// client's default rate limit is off for the fake's loopback URL.
func newClient(t *testing.T, srv *drapitest.Server) *client.Client {
	t.Helper()
	return srv.NewClient(client.WithBackoff(time.Millisecond, 10*time.Millisecond))
}

// TestClientEndToEnd is the whole path of a service: create a customer,
// attach a source, place orders and page through them, with every request
// and response checked against the contract.
func TestClientEndToEnd(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t)
	c := newClient(t, srv)

	cust, err := c.Customers.Create(ctx, gen.CustomerRequest{Email: new("jsmith@digitalriver.com")})
	if err != nil {
		t.Fatal(err)
	}
	src, err := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypeCreditCard, Amount: new(20.0)})
	if err != nil {
		t.Fatal(err)
	}
	attached, err := c.Customers.AttachSource(ctx, cust.ID, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if attached.CustomerID == nil || *attached.CustomerID != cust.ID {
		t.Fatalf("attached source's customerId %v, want %s", attached.CustomerID, cust.ID)
	}

	const n = 23
	var placed []string
	for i := range n {
		o, err := c.Orders.Create(ctx, gen.OrderRequest{
			CustomerID: &cust.ID,
			SourceID:   &src.ID,
			Currency:   new("USD"),
			UpstreamID: new(fmt.Sprintf("checkout-%d", i)),
			Items:      []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(10.0), Quantity: new(2)}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if *o.TotalAmount != 22 || *o.State != gen.OrderStateAccepted {
			t.Fatalf("order %s: totalAmount %v state %v, want 22 accepted", o.ID, *o.TotalAmount, *o.State)
		}
		placed = append(placed, o.ID)
	}

	// Every page, newest first, each order once.
	var listed []string
	for o, err := range c.Orders.All(ctx, &gen.ListOrdersParams{CustomerID: &cust.ID, Limit: new(5)}) {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, o.ID)
	}
	if len(listed) != n {
		t.Fatalf("paged through %d orders, want %d", len(listed), n)
	}
	for i, id := range listed {
		if want := placed[n-1-i]; id != want {
			t.Fatalf("order %d of the pages is %s, want %s (newest first)", i, id, want)
		}
	}

	// One page at a time, as a UI would.
	page, err := c.Orders.List(ctx, &gen.ListOrdersParams{Limit: new(10), StartingAfter: &listed[9]})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 10 || page.Data[0].ID != listed[10] || !page.HasMore {
		t.Errorf("second page: %d orders from %s, hasMore %v", len(page.Data), page.Data[0].ID, page.HasMore)
	}

	got, err := c.Customers.Get(ctx, cust.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 || got.Sources[0].ID != src.ID {
		t.Errorf("customer's sources %+v", got.Sources)
	}

	// The fake saw every call, each routed to its operation and answered.
	calls := srv.Calls()
	if want := 3 + n + 5 + 2; len(calls) != want {
		t.Errorf("%d calls, want %d", len(calls), want)
	}
	for _, call := range calls {
		if call.Operation == "" || call.Status >= 300 {
			t.Errorf("call %+v", call)
		}
	}
}

// TestClientSeesContractBreaks shows that Server.Client fails a call whose
// response breaks the contract, so a test can trust what passes.
func TestClientSeesContractBreaks(t *testing.T) {
	srv := drapitest.NewServer(t)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id": 42}`) // id must be a string
	}))
	defer broken.Close()
	req, _ := http.NewRequest("GET", broken.URL+"/customers/c1", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Key())
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("a response that breaks the contract passed")
	}
	// And a request that breaks it is not sent.
	req, _ = http.NewRequest("GET", srv.URL+"/customers?limit=1000", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Key())
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("a request that breaks the contract was sent")
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("the fake received %d calls", n)
	}
}

// TestClientRetries exercises the client's retry rules against injected faults.
func TestClientRetries(t *testing.T) {
	ctx := context.Background()

	t.Run("a GET is retried after a 503", func(t *testing.T) {
		srv := drapitest.NewServer(t, drapitest.WithFaults(drapitest.Fault{Operation: gen.OpListOrders, Times: 2, Status: 503}))
		if _, err := newClient(t, srv).Orders.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Calls()); n != 3 {
			t.Errorf("%d calls, want 3", n)
		}
	})

	t.Run("a create is retried after a 429", func(t *testing.T) {
		srv := drapitest.NewServer(t, drapitest.WithFaults(drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Status: 429}))
		if _, err := newClient(t, srv).Orders.Create(ctx, gen.OrderRequest{UpstreamID: new("u1")}); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Orders()); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}
	})

	t.Run("a create is not retried after a 500", func(t *testing.T) {
		srv := drapitest.NewServer(t, drapitest.WithFaults(drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Status: 500}))
		_, err := newClient(t, srv).Orders.Create(ctx, gen.OrderRequest{UpstreamID: new("u1")})
		if !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Fatalf("err %v, want ErrOutcomeUnknown", err)
		}
		if n := len(srv.Calls()); n != 1 {
			t.Errorf("%d calls, want 1", n)
		}
	})

	t.Run("a lost answer to a create is found by upstreamId", func(t *testing.T) {
		srv := drapitest.NewServer(t, drapitest.WithFaults(drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, DropResponse: true}))
		c := newClient(t, srv)
		_, err := c.Orders.Create(ctx, gen.OrderRequest{UpstreamID: new("checkout-7")})
		if !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Fatalf("err %v, want ErrOutcomeUnknown", err)
		}
		o, err := c.Orders.FindByUpstreamID(ctx, "checkout-7")
		if err != nil {
			t.Fatalf("the order the lost answer created: %v", err)
		}
		if len(srv.Orders()) != 1 || srv.Orders()[0].ID != o.ID {
			t.Errorf("found %s; the fake holds %d orders", o.ID, len(srv.Orders()))
		}
	})
}

// TestContractRefusalIsNotSent: a POST the contract-checking transport
// refuses never left the client, so its error says so (not
// ErrOutcomeUnknown, which would send a service looking for an order that
// cannot exist), carries the problems, and the fake saw nothing.
func TestContractRefusalIsNotSent(t *testing.T) {
	srv := drapitest.NewServer(t)
	var log bytes.Buffer
	c := srv.NewClient(client.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	_, err := c.Customers.Create(t.Context(), gen.CustomerRequest{Email: new("not an address")})
	var verr *api.ValidationError
	if err == nil || errors.Is(err, client.ErrOutcomeUnknown) || !errors.As(err, &verr) {
		t.Fatalf("got %v, want a refusal carrying *api.ValidationError and not ErrOutcomeUnknown", err)
	}
	if strings.Contains(log.String(), "retrying") {
		t.Errorf("a refusal is final, but the client tried again:\n%s", log.String())
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("the fake saw %d calls", len(calls))
	}
}
