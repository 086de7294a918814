package drapitest

import (
	"testing"
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
)

func TestWithSeedFixtures(t *testing.T) {
	srv := NewServer(t, WithSeedFixtures())
	var c gen.Customer
	call(t, srv, "GET", "/customers/5823594809", nil).mustStatus(t, 200).decode(t, &c)
	if ids := sourceIDs(c.Sources); len(ids) != 1 || ids[0] != "a6809a63-e6a9-4016-abbc-f33d19fccb5b" {
		t.Errorf("seed customer's sources %v", ids)
	}
	var src gen.Source
	call(t, srv, "GET", "/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", nil).mustStatus(t, 200).decode(t, &src)
	if deref(src.CustomerID) != "5823594809" {
		t.Errorf("seed source customerId %v", src.CustomerID)
	}
	var o gen.Order
	call(t, srv, "GET", "/orders/ord_5823594809", nil).mustStatus(t, 200).decode(t, &o)
	if deref(o.TotalAmount) != 1180.26 {
		t.Errorf("seed order totalAmount %v", deref(o.TotalAmount))
	}
	// The seed objects answer the way the reference pages show them.
	var list gen.OrderList
	call(t, srv, "GET", "/orders?upstreamIds=0916805858", nil).mustStatus(t, 200).decode(t, &list)
	if len(list.Data) != 1 {
		t.Errorf("seed order by upstreamId: %d", len(list.Data))
	}
	// Objects created afterwards come first in lists, and detaching works on seeds.
	n := createCustomer(t, srv, gen.CustomerRequest{})
	var cl gen.CustomerList
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200).decode(t, &cl)
	if ids := customerIDs(cl.Data); len(ids) != 2 || ids[0] != n.ID {
		t.Errorf("list after seeding: %v", ids)
	}
	call(t, srv, "DELETE", "/customers/5823594809/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", nil).mustStatus(t, 204)
}

func TestWithObjects(t *testing.T) {
	at := func(h int) *drapi.Time { return drapi.TimeOf(time.Date(2024, 1, 1, h, 0, 0, 0, time.UTC)) }
	srv := NewServer(t,
		WithCustomers(
			gen.Customer{ID: "new", CreatedTime: at(12)},
			gen.Customer{ID: "old", CreatedTime: at(1), Sources: []gen.Source{{ID: "11111111-1111-4111-8111-111111111111"}}},
		),
		WithSources(gen.Source{ID: "22222222-2222-4222-8222-222222222222", CustomerID: new("new")}),
		WithOrders(gen.Order{ID: "ord_1", CustomerID: new("old"), Metadata: gen.Metadata{"n": 1}}),
	)
	var cl gen.CustomerList
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200).decode(t, &cl)
	if ids := customerIDs(cl.Data); len(ids) != 2 || ids[0] != "new" || ids[1] != "old" {
		t.Errorf("customers %v, want newest createdTime first", ids)
	}
	if ids := sourceIDs(cl.Data[0].Sources); len(ids) != 1 || ids[0] != "22222222-2222-4222-8222-222222222222" {
		t.Errorf("customer 'new' sources %v", ids)
	}
	src, ok := srv.Source("11111111-1111-4111-8111-111111111111")
	if !ok || deref(src.CustomerID) != "old" || src.CreatedTime == nil {
		t.Errorf("a source listed by a customer is stored, attached: %+v %v", src, ok)
	}
	o, _ := srv.Order("ord_1")
	if o.UpdatedTime == nil {
		t.Error("seeded order without updatedTime")
	}
	// State accessors return copies.
	o.Metadata["n"] = 2
	if again, _ := srv.Order("ord_1"); again.Metadata["n"] != float64(1) {
		t.Errorf("changing a returned order changed the fake: %v", again.Metadata)
	}
}

func TestBadOptions(t *testing.T) {
	for name, opt := range map[string]Option{
		"customer without id":   WithCustomers(gen.Customer{}),
		"customer twice":        WithCustomers(gen.Customer{ID: "a"}, gen.Customer{ID: "a"}),
		"source without id":     WithSources(gen.Source{}),
		"order twice":           WithOrders(gen.Order{ID: "o"}, gen.Order{ID: "o"}),
		"metadata not JSON":     WithOrders(gen.Order{ID: "o", Metadata: gen.Metadata{"f": func() {}}}),
		"nil clock":             WithClock(nil),
		"live key":              WithKey("sk_live_abc"),
		"public key":            WithKey("pk_test_abc"),
		"empty key":             WithKey(""),
		"zero body limit":       WithMaxBodyBytes(0),
		"tax rate of 100%":      WithTaxRate(1),
		"negative call limit":   WithCallLimit(-1),
		"seed clashes with own": WithCustomers(gen.Customer{ID: "5823594809"}),
	} {
		opts := []Option{opt}
		if name == "seed clashes with own" {
			opts = append([]Option{WithSeedFixtures()}, opts...)
		}
		if _, err := New(opts...); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}
