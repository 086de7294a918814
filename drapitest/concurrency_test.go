package drapitest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// TestConcurrentUse has many goroutines create, update, attach and list at
// once (run it with -race), then checks that counts and pages agree.
func TestConcurrentUse(t *testing.T) {
	const workers, each = 16, 12
	srv := NewServer(t)
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				c := createCustomer(t, srv, gen.CustomerRequest{Metadata: gen.Metadata{"worker": w}})
				src := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
				call(t, srv, "POST", "/customers/"+c.ID+"/sources/"+src.ID, nil).mustStatus(t, 200)
				createOrder(t, srv, gen.OrderRequest{
					CustomerID: &c.ID, SourceID: &src.ID, UpstreamID: new(fmt.Sprintf("w%d-%d", w, i)),
					Items: []gen.OrderItemRequest{{SkuID: "sku", Price: new(1.0)}},
				})
				call(t, srv, "POST", "/customers/"+c.ID, gen.UpdateCustomerRequest{RequestToBeForgotten: new(i%2 == 0)}).mustStatus(t, 200)
				// Pages read while others write are still well formed.
				var page gen.OrderList
				call(t, srv, "GET", "/orders?limit=7", nil).mustStatus(t, 200).decode(t, &page)
				if len(page.Data) == 0 || len(page.Data) > 7 {
					errs <- fmt.Errorf("page of %d orders", len(page.Data))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	const total = workers * each
	if n := len(srv.Customers()); n != total {
		t.Errorf("%d customers, want %d", n, total)
	}
	// Walk every order page by page: each exactly once, newest first.
	seen := map[string]bool{}
	var prev *gen.Order
	q := "?limit=13"
	for {
		var page gen.OrderList
		call(t, srv, "GET", "/orders"+q, nil).mustStatus(t, 200).decode(t, &page)
		for i := range page.Data {
			o := page.Data[i]
			if seen[o.ID] {
				t.Fatalf("order %s listed twice", o.ID)
			}
			seen[o.ID] = true
			if prev != nil && o.CreatedTime.After(prev.CreatedTime.Time) {
				t.Errorf("order %s is newer than %s, listed before it", o.ID, prev.ID)
			}
			if o.Payment == nil || len(o.Payment.Sources) != 1 || deref(o.Payment.Sources[0].CustomerID) != deref(o.CustomerID) {
				t.Errorf("order %s: source not its customer's", o.ID)
			}
			prev = &o
		}
		if !page.HasMore {
			break
		}
		q = "?limit=13&startingAfter=" + page.Data[len(page.Data)-1].ID
	}
	if len(seen) != total {
		t.Errorf("paged through %d orders, want %d", len(seen), total)
	}
	var forgotten gen.CustomerList
	call(t, srv, "GET", "/customers?requestToBeForgotten=true&limit=100", nil).mustStatus(t, 200).decode(t, &forgotten)
	if want := workers * ((each + 1) / 2); len(forgotten.Data) != min(want, 100) {
		t.Errorf("%d forgotten customers, want %d", len(forgotten.Data), want)
	}
	for _, c := range srv.Customers() {
		if len(c.Sources) != 1 {
			t.Errorf("customer %s has %d sources, want 1", c.ID, len(c.Sources))
		}
	}
}
