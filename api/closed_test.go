package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// A request body field the request schema does not declare is a problem at
// its own pointer, however deep, and through every request-direction entry
// point; the same field in a response passes, even in a schema (Address)
// that requests and responses share.
func TestRequestsAreClosed(t *testing.T) {
	ctx := context.Background()
	const typo = `{
  "email": "jsmith@digitalriver.com",
  "emial": "jsmith@digitalriver.com",
  "shipping": {"address": {"country": "US", "zip": "55129"}}
}`
	ps := problemsOf(t, api.ValidateOperation(ctx, "createCustomer", api.InRequest, 0, []byte(typo)))
	if len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", ps)
	}
	want := []struct {
		pointer   string
		line, col int
	}{{"/emial", 3, 12}, {"/shipping/address/zip", 4, 52}}
	for i, w := range want {
		p := ps[i]
		if p.Pointer != w.pointer || p.Rule != "additionalProperties" || p.Line != w.line || p.Column != w.col {
			t.Errorf("problem %d = %+v, want %s at %d:%d", i, p, w.pointer, w.line, w.col)
		}
		if !strings.Contains(p.Message, "not a property") {
			t.Errorf("message %q does not say the field is unknown", p.Message)
		}
	}
	if err := api.ValidateSchema(ctx, "CustomerRequest", api.InRequest, []byte(typo)); err == nil {
		t.Error("ValidateSchema(CustomerRequest, InRequest) let an unknown field through")
	}

	// The same unknown fields in responses: tolerated.
	const resp = `{"id": "cus_1", "brandNew": {"x": 1}, "shipping": {"address": {"country": "US", "zip": "55129"}}}`
	if err := api.ValidateOperation(ctx, "getCustomer", api.InResponse, 0, []byte(resp)); err != nil {
		t.Errorf("a response with unknown fields failed: %v", err)
	}
	for _, dir := range []api.Direction{api.InResponse, api.AnyDirection} {
		if err := api.ValidateSchema(ctx, "Customer", dir, []byte(resp)); err != nil {
			t.Errorf("ValidateSchema(Customer, %v) failed on unknown fields: %v", dir, err)
		}
	}
	// Metadata maps stay open to any key, in requests too.
	if err := api.ValidateOperation(ctx, "updateOrder", api.InRequest, 0, []byte(`{"metadata": {"anything": "goes"}}`)); err != nil {
		t.Errorf("metadata keys refused: %v", err)
	}
}

// ValidateRequest and the transport refuse an unknown field too: the
// transport never sends the request.
func TestClosedRequestsOverHTTP(t *testing.T) {
	const body = `{"upstreamId": "u-1", "requestToBeForgoten": true}`
	req := httptest.NewRequest(http.MethodPost, "https://api.digitalriver.com/orders/ord_1", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer sk_test_x")
	req.Header.Set("Content-Type", "application/json")
	ps := problemsOf(t, api.ValidateRequest(context.Background(), req))
	if len(ps) != 1 || ps[0].Pointer != "/requestToBeForgoten" {
		t.Errorf("ValidateRequest: %v", ps)
	}

	srv, hits := fakeAPI(t, 200, `{"id": "ord_1"}`)
	hc := &http.Client{Transport: api.NewTransport(nil)}
	out, _ := http.NewRequest(http.MethodPost, srv.URL+"/orders/ord_1", strings.NewReader(body))
	out.Header.Set("Authorization", "Bearer sk_test_x")
	out.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(out)
	if err == nil {
		resp.Body.Close()
	}
	var verr *api.ValidationError
	if !errors.As(err, &verr) || hits.Load() != 0 {
		t.Errorf("sent %d requests, error %v; want none sent and a *ValidationError", hits.Load(), err)
	}
}

// An order item names a SKU or describes the product; one of the two is
// required.
func TestOrderItemNeedsSKUOrProductDetails(t *testing.T) {
	ctx := context.Background()
	for body, wantOK := range map[string]bool{
		`{"items": [{"skuId": "sku_1", "quantity": 1}]}`:                                                      true,
		`{"items": [{"productDetails": {"name": "Photo Editor", "weightUnit": "kg"}, "aggregatePrice": 30}]}`: true,
		`{"items": [{"skuId": "sku_1"}, {"quantity": 2, "price": 9.99}]}`:                                     false,
	} {
		err := api.ValidateOperation(ctx, "createOrder", api.InRequest, 0, []byte(body))
		if wantOK && err != nil {
			t.Errorf("%s: %v", body, err)
		}
		if !wantOK {
			ps := problemsOf(t, err)
			if len(ps) != 1 || ps[0].Pointer != "/items/1/skuId" || ps[0].Rule != "required" || !strings.Contains(ps[0].Message, `"productDetails"`) {
				t.Errorf("%s: %+v", body, ps)
			}
		}
	}
}

// Metadata: at most 20 keys, keys at most 40 characters, values at most 500.
func TestMetadataLimits(t *testing.T) {
	ctx := context.Background()
	keys := func(n int) string {
		var parts []string
		for i := range n {
			parts = append(parts, `"k`+strings.Repeat("x", i)+`": 1`)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	long40, long41 := strings.Repeat("k", 40), strings.Repeat("k", 41)
	tests := []struct {
		name, metadata string
		pointer, rule  string // "" when valid
	}{
		{"20 keys", keys(20), "", ""},
		{"21 keys", keys(21), "/metadata", "maxProperties"},
		{"key of 40", `{"` + long40 + `": true}`, "", ""},
		{"key of 41", `{"` + long41 + `": true}`, "/metadata/" + long41, "maxKeyLength"},
		{"value of 500", `{"note": "` + strings.Repeat("v", 500) + `"}`, "", ""},
		{"value of 501", `{"note": "` + strings.Repeat("v", 501) + `"}`, "/metadata/note", "maxLength"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, op := range []string{"createCustomer", "updateCustomer", "updateOrder"} {
				err := api.ValidateOperation(ctx, op, api.InRequest, 0, []byte(`{"metadata": `+tt.metadata+`}`))
				if tt.rule == "" {
					if err != nil {
						t.Errorf("%s: %v", op, err)
					}
					continue
				}
				ps := problemsOf(t, err)
				if len(ps) != 1 || ps[0].Pointer != tt.pointer || ps[0].Rule != tt.rule {
					t.Errorf("%s: got %+v, want %s at %s", op, ps, tt.rule, tt.pointer)
				}
			}
		})
	}
	// The count and value limits hold for responses too.
	err := api.ValidateOperation(ctx, "getOrder", api.InResponse, 0, []byte(`{"id": "ord_1", "metadata": `+keys(21)+`}`))
	if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Rule != "maxProperties" {
		t.Errorf("response with 21 metadata keys: %+v", ps)
	}
}
