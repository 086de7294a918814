package api_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

const sourceUUID = "8cecaa32-f692-44cc-b103-4cf24dc93913"

// TestValidateRequest checks routing, parameters and bodies of requests.
func TestValidateRequest(t *testing.T) {
	type want struct{ in, param, pointer, rule string }
	tests := []struct {
		name        string
		method, url string
		contentType string
		body        string
		sentinel    error
		problems    []want
	}{
		{name: "list, no parameters", method: "GET", url: "/customers"},
		{name: "list, good parameters", method: "GET", url: "/orders?limit=100&state=accepted&ids=a&ids=b&currency=usd&customerType=business"},
		{name: "limit above 100", method: "GET", url: "/customers?limit=101",
			problems: []want{{"query", "limit", "", "maximum"}}},
		{name: "limit below 1", method: "GET", url: "/orders?limit=0",
			problems: []want{{"query", "limit", "", "minimum"}}},
		{name: "limit not a number", method: "GET", url: "/orders?limit=ten",
			problems: []want{{"query", "limit", "", "type"}}},
		{name: "unknown state and limit above 100", method: "GET", url: "/orders?state=shipped&limit=500",
			problems: []want{{"query", "state", "", "enum"}, {"query", "limit", "", "maximum"}}},
		{name: "sourceId not a uuid", method: "POST", url: "/customers/cus_1/sources/src_1",
			problems: []want{{"path", "sourceId", "", "format"}}},
		{name: "sourceId a uuid", method: "POST", url: "/customers/cus_1/sources/" + sourceUUID},
		{name: "good body", method: "POST", url: "/customers", contentType: "application/json",
			body: `{"email": "jsmith@digitalriver.com", "type": "business"}`},
		{name: "good body, charset", method: "POST", url: "/customers", contentType: "application/json; charset=utf-8",
			body: `{"email": "jsmith@digitalriver.com"}`},
		{name: "body breaks the schema", method: "POST", url: "/orders", contentType: "application/json",
			body:     `{"items": [{"skuId": "a", "quantity": 0}], "email": "x"}`,
			problems: []want{{"body", "", "/email", "format"}, {"body", "", "/items/0/quantity", "minimum"}}},
		{name: "readOnly in a body", method: "POST", url: "/orders", contentType: "application/json",
			body:     `{"shippingChoice": {"amount": 5, "taxAmount": 0.1}}`,
			problems: []want{{"body", "", "/shippingChoice/taxAmount", "readOnly"}}},
		{name: "body missing", method: "POST", url: "/orders",
			problems: []want{{"body", "", "", "required"}}},
		{name: "body not JSON", method: "POST", url: "/orders", contentType: "application/json", body: `{"items": [}`,
			problems: []want{{"body", "", "", "json"}}},
		{name: "no Content-Type", method: "POST", url: "/orders", body: `{}`,
			problems: []want{{"header", "Content-Type", "", "contentType"}}},
		{name: "wrong Content-Type", method: "POST", url: "/orders", contentType: "text/plain", body: `{}`,
			problems: []want{{"header", "Content-Type", "", "contentType"}}},
		{name: "body on a GET", method: "GET", url: "/orders/ord_1", body: `{}`,
			problems: []want{{"body", "", "", "body"}}},
		{name: "unknown path", method: "GET", url: "/invoices", sentinel: api.ErrNoRoute},
		{name: "trailing slash", method: "GET", url: "/customers/", sentinel: api.ErrNoRoute},
		{name: "too deep", method: "GET", url: "/customers/c/sources", sentinel: api.ErrNoRoute},
		{name: "wrong method", method: "PATCH", url: "/customers/cus_1", sentinel: api.ErrMethodNotAllowed},
		{name: "delete on a collection", method: "DELETE", url: "/orders", sentinel: api.ErrMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			r := httptest.NewRequest(tt.method, tt.url, body)
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			err := api.ValidateRequest(r)
			switch {
			case tt.sentinel != nil:
				if !errors.Is(err, tt.sentinel) {
					t.Fatalf("got %v, want %v", err, tt.sentinel)
				}
				return
			case len(tt.problems) == 0:
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ps := problemsOf(t, err)
			var got []want
			for _, p := range ps {
				got = append(got, want{p.In, p.Parameter, p.Pointer, p.Rule})
			}
			if len(got) != len(tt.problems) {
				t.Fatalf("got %v, want %v", got, tt.problems)
			}
			for _, w := range tt.problems {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("missing problem %v in %v", w, got)
				}
			}
		})
	}
}

// TestValidateRequestRestoresBody checks that a validated request can still
// be read, and re-read through GetBody, and that defaults are not added.
func TestValidateRequestRestoresBody(t *testing.T) {
	const body = `{"email": "jsmith@digitalriver.com"}`
	r := httptest.NewRequest("POST", "/customers?email=a", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if err := api.ValidateRequest(r); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r.Body)
	if err != nil || string(got) != body {
		t.Fatalf("body after validation = %q, %v; want %q", got, err, body)
	}
	rc, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := io.ReadAll(rc)
	if string(again) != body {
		t.Errorf("GetBody gives %q, want %q", again, body)
	}

	list := httptest.NewRequest("GET", "/customers", nil)
	if err := api.ValidateRequest(list); err != nil {
		t.Fatal(err)
	}
	if list.URL.RawQuery != "" {
		t.Errorf("validation changed the query to %q: defaults must not be added", list.URL.RawQuery)
	}
}

// TestValidateRequestConcurrent validates from many goroutines at once, for
// the race detector.
func TestValidateRequestConcurrent(t *testing.T) {
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			r := httptest.NewRequest(http.MethodGet, "/orders?limit=500", nil)
			done <- api.ValidateRequest(r)
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err == nil {
			t.Error("limit=500 passed")
		}
	}
}
