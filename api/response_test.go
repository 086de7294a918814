package api_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// TestValidateResponse checks statuses, headers and bodies of responses.
func TestValidateResponse(t *testing.T) {
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	errorsBody := `{"type": "too_many_requests", "errors": [{"code": "rate_limited", "message": "slow down"}]}`
	type want struct{ in, param, pointer, rule string }
	tests := []struct {
		name         string
		method, path string
		status       int
		header       http.Header
		body         string
		sentinel     error
		problems     []want
	}{
		{name: "customer", method: "GET", path: "/customers/cus_1", status: 200, header: jsonHeader, body: `{"id": "cus_1"}`},
		{name: "created", method: "POST", path: "/customers", status: 201, header: jsonHeader, body: `{"id": "cus_1"}`},
		{name: "deleted", method: "DELETE", path: "/customers/cus_1", status: 204, header: http.Header{}},
		{name: "429 with Retry-After", method: "GET", path: "/orders", status: 429,
			header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {"3"}}, body: errorsBody},
		{name: "429 with a date in Retry-After", method: "GET", path: "/orders", status: 429,
			header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}, body: errorsBody,
			problems: []want{{"header", "Retry-After", "", "type"}}},
		{name: "429 with a negative Retry-After", method: "GET", path: "/orders", status: 429,
			header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {"-1"}}, body: errorsBody,
			problems: []want{{"header", "Retry-After", "", "minimum"}}},
		{name: "status not in the contract", method: "GET", path: "/customers/cus_1", status: 418, header: jsonHeader, body: `{}`,
			problems: []want{{"status", "", "", "status"}}},
		{name: "missing id", method: "GET", path: "/customers/cus_1", status: 200, header: jsonHeader, body: `{"email": "jsmith@digitalriver.com"}`,
			problems: []want{{"body", "", "/id", "required"}}},
		{name: "empty body", method: "GET", path: "/customers/cus_1", status: 200, header: jsonHeader,
			problems: []want{{"body", "", "", "required"}}},
		{name: "HTML from a proxy", method: "GET", path: "/customers/cus_1", status: 502,
			header: http.Header{"Content-Type": {"text/html"}}, body: "<html>Bad Gateway</html>",
			problems: []want{{"header", "Content-Type", "", "contentType"}, {"body", "", "", "json"}}},
		{name: "204 with a body", method: "DELETE", path: "/customers/cus_1", status: 204, header: jsonHeader, body: `{}`,
			problems: []want{{"body", "", "", "body"}}},
		{name: "unknown path", method: "GET", path: "/nowhere", status: 200, sentinel: api.ErrNoRoute},
		{name: "wrong method", method: "PUT", path: "/orders/ord_1", status: 200, sentinel: api.ErrMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, nil)
			err := api.ValidateResponse(r, tt.status, tt.header, []byte(tt.body))
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
			if len(ps) != len(tt.problems) {
				t.Fatalf("got %v, want %v", ps, tt.problems)
			}
			for i, w := range tt.problems {
				g := want{ps[i].In, ps[i].Parameter, ps[i].Pointer, ps[i].Rule}
				if g != w {
					t.Errorf("problem %d: got %v, want %v", i, g, w)
				}
			}
		})
	}
}
