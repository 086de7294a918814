package drapitest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateSource(t *testing.T) {
	srv := NewServer(t)
	tests := []struct {
		typ      gen.SourceType
		flow     gen.SourceFlow
		reusable bool
	}{
		{gen.SourceTypeCreditCard, gen.SourceFlowStandard, true},
		{"payPal", gen.SourceFlowRedirect, false},
		{"wireTransfer", gen.SourceFlowReceiver, false},
		{"customerCredit", gen.SourceFlowStandard, false},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		src := createSource(t, srv, gen.SourceRequest{Type: tc.typ, Amount: new(12.5), PaymentSessionID: new("ps_1")})
		if !uuidRE.MatchString(src.ID) || seen[src.ID] {
			t.Errorf("%s: id %q is not a new UUID", tc.typ, src.ID)
		}
		seen[src.ID] = true
		if deref(src.Type) != tc.typ || deref(src.Flow) != tc.flow || deref(src.Reusable) != tc.reusable ||
			deref(src.State) != gen.SourceStateChargeable || deref(src.Amount) != 12.5 || deref(src.PaymentSessionID) != "ps_1" {
			t.Errorf("%s: %+v", tc.typ, src)
		}
		if !strings.HasPrefix(deref(src.ClientSecret), src.ID+"_") || src.CustomerID != nil || src.CreatedTime == nil {
			t.Errorf("%s: clientSecret %q, customerId %v, createdTime %v", tc.typ, deref(src.ClientSecret), src.CustomerID, src.CreatedTime)
		}
		if (tc.typ == gen.SourceTypeCreditCard) != (src.CreditCard != nil) {
			t.Errorf("%s: creditCard details %+v", tc.typ, src.CreditCard)
		}
		var got gen.Source
		call(t, srv, "GET", "/sources/"+src.ID, nil).mustStatus(t, 200).decode(t, &got)
		if got.ID != src.ID || deref(got.ClientSecret) != deref(src.ClientSecret) {
			t.Errorf("get %s: %+v", src.ID, got)
		}
	}
	call(t, srv, "GET", "/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", nil).mustStatus(t, 404)
}

func TestAttachDetach(t *testing.T) {
	srv := NewServer(t)
	c := createCustomer(t, srv, gen.CustomerRequest{})
	other := createCustomer(t, srv, gen.CustomerRequest{})
	s1 := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	s2 := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})

	var att gen.Source
	call(t, srv, "POST", "/customers/"+c.ID+"/sources/"+s1.ID, nil).mustStatus(t, 200).decode(t, &att)
	if deref(att.CustomerID) != c.ID {
		t.Fatalf("attached source customerId %v, want %s", att.CustomerID, c.ID)
	}
	call(t, srv, "POST", "/customers/"+c.ID+"/sources/"+s2.ID, nil).mustStatus(t, 200)
	// Attaching again changes nothing.
	call(t, srv, "POST", "/customers/"+c.ID+"/sources/"+s1.ID, nil).mustStatus(t, 200)
	call(t, srv, "POST", "/customers/"+c.ID, gen.UpdateCustomerRequest{DefaultSourceID: &s1.ID}).mustStatus(t, 200)

	var got gen.Customer
	call(t, srv, "GET", "/customers/"+c.ID, nil).mustStatus(t, 200).decode(t, &got)
	if ids := sourceIDs(got.Sources); len(ids) != 2 || ids[0] != s1.ID || ids[1] != s2.ID {
		t.Fatalf("customer sources %v, want [%s %s]", ids, s1.ID, s2.ID)
	}
	if deref(got.Sources[0].CustomerID) != c.ID {
		t.Errorf("listed source lacks customerId: %+v", got.Sources[0])
	}
	var src gen.Source
	call(t, srv, "GET", "/sources/"+s1.ID, nil).mustStatus(t, 200).decode(t, &src)
	if deref(src.CustomerID) != c.ID {
		t.Errorf("getSource after attach: customerId %v", src.CustomerID)
	}

	// Another customer cannot take it.
	a := call(t, srv, "POST", "/customers/"+other.ID+"/sources/"+s1.ID, nil).mustStatus(t, 409)
	if !a.hasError(t, "conflict", "sourceId") {
		t.Errorf("409 body %s", a.body)
	}
	// Nor detach it.
	call(t, srv, "DELETE", "/customers/"+other.ID+"/sources/"+s1.ID, nil).mustStatus(t, 404)

	call(t, srv, "DELETE", "/customers/"+c.ID+"/sources/"+s1.ID, nil).mustStatus(t, 204)
	var after gen.Customer
	call(t, srv, "GET", "/customers/"+c.ID, nil).mustStatus(t, 200).decode(t, &after)
	if ids := sourceIDs(after.Sources); len(ids) != 1 || ids[0] != s2.ID {
		t.Errorf("after detach: sources %v, want [%s]", ids, s2.ID)
	}
	if after.DefaultSourceID != nil {
		t.Errorf("detaching the default source left defaultSourceId %q", *after.DefaultSourceID)
	}
	var detached gen.Source
	call(t, srv, "GET", "/sources/"+s1.ID, nil).mustStatus(t, 200).decode(t, &detached)
	if detached.CustomerID != nil {
		t.Errorf("detached source still has customerId %q", *detached.CustomerID)
	}
	call(t, srv, "DELETE", "/customers/"+c.ID+"/sources/"+s1.ID, nil).mustStatus(t, 404)

	// Detached, it is cancelled: no customer can take it, no order charge it.
	if deref(detached.State) != gen.SourceStateCancelled {
		t.Errorf("detached source is %v, want cancelled", deref(detached.State))
	}
	a = call(t, srv, "POST", "/customers/"+other.ID+"/sources/"+s1.ID, nil).mustStatus(t, 409)
	if !a.hasError(t, "source_not_chargeable", "sourceId") {
		t.Errorf("attaching a detached source: %s", a.body)
	}
	a = call(t, srv, "POST", "/orders", gen.OrderRequest{SourceID: &s1.ID, Items: []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(1.0)}}}).mustStatus(t, 409)
	if !a.hasError(t, "source_not_chargeable", "sourceId") || len(srv.Orders()) != 0 {
		t.Errorf("ordering with a detached source: %s, %d orders", a.body, len(srv.Orders()))
	}

	// Deleting a customer detaches its sources, which then, as every
	// detached source, can no longer be charged or attached.
	call(t, srv, "DELETE", "/customers/"+c.ID, nil).mustStatus(t, 204)
	st, _ := srv.Source(s2.ID)
	if st.CustomerID != nil || deref(st.State) != gen.SourceStateCancelled {
		t.Errorf("source of a deleted customer: customerId %v, state %v; want none, cancelled", st.CustomerID, deref(st.State))
	}
	a = call(t, srv, "POST", "/orders", gen.OrderRequest{SourceID: &s2.ID, Items: []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(1.0)}}}).mustStatus(t, 409)
	if !a.hasError(t, "source_not_chargeable", "sourceId") || len(srv.Orders()) != 0 {
		t.Errorf("ordering with a deleted customer's source: %s, %d orders", a.body, len(srv.Orders()))
	}
	call(t, srv, "POST", "/customers/"+other.ID+"/sources/"+s2.ID, nil).mustStatus(t, 409)
}

func TestAttachUnknown(t *testing.T) {
	srv := NewServer(t)
	c := createCustomer(t, srv, gen.CustomerRequest{})
	s := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	const nobody = "00000000-0000-4000-8000-000000000000"
	for _, tc := range []struct{ path, parameter string }{
		{"/customers/cus_nope/sources/" + s.ID, "id"},
		{"/customers/" + c.ID + "/sources/" + nobody, "sourceId"},
	} {
		for _, method := range []string{"POST", "DELETE"} {
			a := call(t, srv, method, tc.path, nil).mustStatus(t, 404)
			if !a.hasError(t, "not_found", tc.parameter) {
				t.Errorf("%s %s: body %s", method, tc.path, a.body)
			}
		}
	}
}

func sourceIDs(ss []gen.Source) []string {
	var ids []string
	for _, s := range ss {
		ids = append(ids, s.ID)
	}
	return ids
}
