package drapitest

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/drapi-go/drapi/gen"
)

func TestCustomerLifecycle(t *testing.T) {
	clock := &stepClock{}
	srv := NewServer(t, WithClock(clock.now))

	c := createCustomer(t, srv, gen.CustomerRequest{
		Email:    new("jsmith@digitalriver.com"),
		Metadata: gen.Metadata{"coupon": "iOS"},
		Locale:   new("en_US"),
	})
	if c.ID == "" || c.CreatedTime == nil || c.UpdatedTime == nil {
		t.Fatalf("new customer %+v lacks id or times", c)
	}
	if !c.CreatedTime.Equal(t0.Add(time.Second)) || !c.UpdatedTime.Equal(c.CreatedTime.Time) {
		t.Errorf("createdTime %v, updatedTime %v; want both from the clock's first tick", c.CreatedTime, c.UpdatedTime)
	}
	if !deref(c.Enabled) || deref(c.RequestToBeForgotten) || deref(c.LiveMode) {
		t.Errorf("new customer: enabled %v, requestToBeForgotten %v, liveMode %v; want true, false, false",
			deref(c.Enabled), deref(c.RequestToBeForgotten), deref(c.LiveMode))
	}

	var got gen.Customer
	call(t, srv, "GET", "/customers/"+c.ID, nil).mustStatus(t, 200).decode(t, &got)
	if got.ID != c.ID || deref(got.Email) != "jsmith@digitalriver.com" {
		t.Errorf("get: %+v", got)
	}

	// An update changes only what it sends.
	var upd gen.Customer
	call(t, srv, "POST", "/customers/"+c.ID, gen.UpdateCustomerRequest{RequestToBeForgotten: new(true)}).mustStatus(t, 200).decode(t, &upd)
	if !deref(upd.RequestToBeForgotten) {
		t.Error("update did not set requestToBeForgotten")
	}
	if deref(upd.Email) != "jsmith@digitalriver.com" || deref(upd.Locale) != "en_US" || upd.Metadata["coupon"] != "iOS" {
		t.Errorf("update lost fields it did not send: %+v", upd)
	}
	if !upd.UpdatedTime.After(upd.CreatedTime.Time) || !upd.CreatedTime.Equal(c.CreatedTime.Time) {
		t.Errorf("after update: createdTime %v, updatedTime %v", upd.CreatedTime, upd.UpdatedTime)
	}
	var upd2 gen.Customer
	call(t, srv, "POST", "/customers/"+c.ID, gen.UpdateCustomerRequest{Metadata: gen.Metadata{"tier": "gold"}}).mustStatus(t, 200).decode(t, &upd2)
	if _, ok := upd2.Metadata["coupon"]; ok || upd2.Metadata["tier"] != "gold" {
		t.Errorf("metadata sent in an update replaces the old: got %v", upd2.Metadata)
	}
	if st, ok := srv.Customer(c.ID); !ok || !deref(st.RequestToBeForgotten) {
		t.Errorf("state: %+v, %v", st, ok)
	}

	call(t, srv, "DELETE", "/customers/"+c.ID, nil).mustStatus(t, 204)
	a := call(t, srv, "GET", "/customers/"+c.ID, nil).mustStatus(t, 404)
	if !a.hasError(t, "not_found", "id") {
		t.Errorf("404 body %s", a.body)
	}
	call(t, srv, "DELETE", "/customers/"+c.ID, nil).mustStatus(t, 404)
	if _, ok := srv.Customer(c.ID); ok {
		t.Error("deleted customer still in state")
	}
}

func TestCreateCustomerOwnID(t *testing.T) {
	srv := NewServer(t)
	c := createCustomer(t, srv, gen.CustomerRequest{ID: new("5823594808")})
	if c.ID != "5823594808" {
		t.Fatalf("id %q, want the one sent", c.ID)
	}
	a := call(t, srv, "POST", "/customers", gen.CustomerRequest{ID: new("5823594808")}).mustStatus(t, http.StatusConflict)
	if !a.hasError(t, "already_exists", "id") {
		t.Errorf("409 body %s", a.body)
	}
	// After a delete the ID is free again.
	call(t, srv, "DELETE", "/customers/5823594808", nil).mustStatus(t, 204)
	createCustomer(t, srv, gen.CustomerRequest{ID: new("5823594808")})
}

func TestCreateCustomerSeedRequest(t *testing.T) {
	// The reference page's createCustomer request, as is.
	srv := NewServer(t)
	body := readFixture(t, "createCustomer.request.json")
	var c gen.Customer
	call(t, srv, "POST", "/customers", body).mustStatus(t, 201).decode(t, &c)
	if len(c.TaxIdentifiers) != 1 || c.TaxIdentifiers[0].ID == nil || deref(c.TaxIdentifiers[0].State) != gen.TaxIdentifierStatePending ||
		deref(c.TaxIdentifiers[0].CustomerID) != c.ID {
		t.Errorf("tax identifiers %+v", c.TaxIdentifiers)
	}
	if len(c.TaxCertificates) != 1 || c.TaxCertificates[0].FileID != "file_8fd2f808-bbb4-49bc-aa41-c960a1447331" {
		t.Errorf("taxCertificate of the request not in taxCertificates: %+v", c.TaxCertificates)
	}
	if c.Shipping == nil || c.Shipping.Address == nil || c.Shipping.Address.Country != "US" {
		t.Errorf("shipping %+v", c.Shipping)
	}
	// The reference's update request too: it replaces the certificate with the same fileId.
	var upd gen.Customer
	call(t, srv, "POST", "/customers/"+c.ID, readFixture(t, "updateCustomer.request.json")).mustStatus(t, 200).decode(t, &upd)
	if len(upd.TaxCertificates) != 1 || !deref(upd.RequestToBeForgotten) {
		t.Errorf("after the reference update: certificates %d, requestToBeForgotten %v", len(upd.TaxCertificates), deref(upd.RequestToBeForgotten))
	}
}

func TestCreateCustomerDisabled(t *testing.T) {
	srv := NewServer(t)
	c := createCustomer(t, srv, gen.CustomerRequest{Enabled: new(false)})
	if deref(c.Enabled) {
		t.Fatal("enabled: false was not kept")
	}
	a := call(t, srv, "POST", "/orders", gen.OrderRequest{CustomerID: &c.ID}).mustStatus(t, http.StatusConflict)
	if !a.hasError(t, "conflict", "customerId") {
		t.Errorf("409 body %s", a.body)
	}
}

func TestListCustomersFilters(t *testing.T) {
	srv := NewServer(t)
	a := createCustomer(t, srv, gen.CustomerRequest{Email: new("a@example.com")})
	b := createCustomer(t, srv, gen.CustomerRequest{Email: new("B@example.com")})
	c := createCustomer(t, srv, gen.CustomerRequest{Email: new("c@example.com")})
	call(t, srv, "POST", "/customers/"+b.ID, gen.UpdateCustomerRequest{RequestToBeForgotten: new(true)}).mustStatus(t, 200)

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{c.ID, b.ID, a.ID}},
		{"?email=b@example.com", []string{b.ID}},
		{"?email=nobody@example.com", nil},
		{"?ids=" + a.ID + "&ids=" + c.ID, []string{c.ID, a.ID}},
		{"?requestToBeForgotten=true", []string{b.ID}},
		{"?requestToBeForgotten=false", []string{c.ID, a.ID}},
		{"?requestToBeForgotten=false&ids=" + a.ID + "&ids=" + b.ID, []string{a.ID}},
	} {
		var list gen.CustomerList
		call(t, srv, "GET", "/customers"+tc.query, nil).mustStatus(t, 200).decode(t, &list)
		if got := customerIDs(list.Data); !slices.Equal(got, tc.want) || list.HasMore {
			t.Errorf("GET /customers%s = %v (hasMore %v), want %v", tc.query, got, list.HasMore, tc.want)
		}
	}
}

func customerIDs(cs []gen.Customer) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}
