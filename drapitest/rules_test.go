package drapitest

import (
	"net/http"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

func TestVersionHeader(t *testing.T) {
	srv := NewServer(t, WithSeedFixtures())
	a := callWith(t, srv, "GET", "/orders/ord_5823594809", nil, http.Header{"Digitalriver-Version": {"latest"}, "Authorization": {"Bearer " + srv.Key()}}).mustStatus(t, 400)
	if !a.hasError(t, "invalid_parameter", "DigitalRiver-Version") {
		t.Errorf("malformed version: %s", a.body)
	}
	if a.header.Get("x-dr-requestid") == "" {
		t.Error("an error answer without x-dr-requestid")
	}
	var o gen.Order
	callWith(t, srv, "GET", "/orders/ord_5823594809", nil, http.Header{"Digitalriver-Version": {"2020-09-30"}, "Authorization": {"Bearer " + srv.Key()}}).mustStatus(t, 200).decode(t, &o)
	if o.Payment != nil || len(o.Charges) == 0 {
		t.Errorf("2020-09-30: payment %+v, charges %v", o.Payment, o.Charges)
	}
	if _, err := New(WithAPIVersion("2021-3-23")); err == nil {
		t.Error("WithAPIVersion accepted 2021-3-23")
	}
	if _, err := New(WithFaults(Fault{Decline: "declined"})); err == nil {
		t.Error("a Decline fault without Operation createOrder was accepted")
	}
	if _, err := New(WithFaults(Fault{Operation: gen.OpCreateOrder, Decline: "declined", Status: 500})); err == nil {
		t.Error("a Decline fault with a Status was accepted")
	}
}

func TestUnknownFieldCode(t *testing.T) {
	srv := NewServer(t)
	a := call(t, srv, "POST", "/customers", `{"emial":"jsmith@digitalriver.com"}`).mustStatus(t, 400)
	if !a.hasError(t, "unknown_parameter", "emial") {
		t.Errorf("undeclared field: %s", a.body)
	}
	a = call(t, srv, "POST", "/customers", `{"metadata":{"k":{"nested":1}}}`).mustStatus(t, 400)
	if e := a.errs(t); len(e.Errors) != 1 || !a.hasError(t, "invalid_metadata_value", "metadata.k") {
		t.Errorf("metadata value of the wrong type: %s", a.body)
	}
}
