package drapitest

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestsTheContractRefuses checks what the fake answers to requests
// that break the contract or the API's rules, with validation on and off
// where the answer must not depend on it.
func TestRequestsTheContractRefuses(t *testing.T) {
	type want struct {
		status          int
		code, parameter string
	}
	tests := []struct {
		name         string
		method, path string
		body         any
		header       http.Header // nil: the server's key and JSON
		want         want
		evenWithout  bool // the same without validation
	}{
		{name: "limit too big", method: "GET", path: "/customers?limit=101",
			want: want{400, "invalid_parameter", "limit"}, evenWithout: true},
		{name: "limit zero", method: "GET", path: "/orders?limit=0",
			want: want{400, "invalid_parameter", "limit"}, evenWithout: true},
		{name: "limit not a number", method: "GET", path: "/orders?limit=ten",
			want: want{400, "invalid_parameter", "limit"}, evenWithout: true},
		{name: "both cursors", method: "GET", path: "/customers?startingAfter=a&endingBefore=b",
			want: want{400, "invalid_parameter", "endingBefore"}, evenWithout: true},
		{name: "unknown cursor", method: "GET", path: "/orders?startingAfter=ord_nope",
			want: want{400, "invalid_parameter", "startingAfter"}, evenWithout: true},
		{name: "bad order state", method: "GET", path: "/orders?state=lost",
			want: want{400, "invalid_parameter", "state"}},
		{name: "bad boolean", method: "GET", path: "/customers?requestToBeForgotten=maybe",
			want: want{400, "invalid_parameter", "requestToBeForgotten"}, evenWithout: true},
		{name: "source ID not a uuid", method: "POST", path: "/customers/c1/sources/not-a-uuid",
			want: want{400, "invalid_parameter", "sourceId"}},
		{name: "source without type", method: "POST", path: "/sources", body: `{"amount": 1}`,
			want: want{400, "missing_parameter", "type"}, evenWithout: true},
		{name: "unknown source type", method: "POST", path: "/sources", body: `{"type": "cash"}`,
			want: want{400, "invalid_parameter", "type"}},
		{name: "item without skuId", method: "POST", path: "/orders", body: `{"items": [{"price": 1}]}`,
			want: want{400, "missing_parameter", "items[0].skuId"}, evenWithout: true},
		{name: "bad email", method: "POST", path: "/customers", body: `{"email": "not an email"}`,
			want: want{400, "invalid_parameter", "email"}},
		{name: "readOnly field sent", method: "POST", path: "/customers", body: `{"taxIdentifiers": [{"type": "uk", "value": "GB1", "state": "verified"}]}`,
			want: want{400, "invalid_parameter", "taxIdentifiers[0].state"}},
		{name: "quantity below 1", method: "POST", path: "/orders", body: `{"items": [{"skuId": "s", "quantity": 0}]}`,
			want: want{400, "invalid_parameter", "items[0].quantity"}},
		{name: "not JSON", method: "POST", path: "/customers", body: `{"email": `,
			want: want{400, "invalid_parameter", "body"}, evenWithout: true},
		{name: "no body", method: "POST", path: "/customers",
			want: want{400, "missing_parameter", "body"}},
		{name: "wrong content type", method: "POST", path: "/customers", body: `{}`,
			header: http.Header{"Authorization": {"Bearer " + DefaultKey}, "Content-Type": {"text/plain"}},
			want:   want{400, "invalid_parameter", "Content-Type"}},

		{name: "no key", method: "GET", path: "/customers", header: http.Header{},
			want: want{401, "unauthorized", ""}, evenWithout: true},
		{name: "not bearer", method: "GET", path: "/customers", header: http.Header{"Authorization": {"Basic " + DefaultKey}},
			want: want{401, "unauthorized", ""}, evenWithout: true},
		{name: "malformed key", method: "GET", path: "/customers", header: http.Header{"Authorization": {"Bearer hunter2"}},
			want: want{401, "unauthorized", ""}, evenWithout: true},
		{name: "live key", method: "GET", path: "/customers", header: http.Header{"Authorization": {"Bearer sk_live_0123"}},
			want: want{401, "unauthorized", ""}, evenWithout: true},
		{name: "public key outside createSource", method: "GET", path: "/customers", header: http.Header{"Authorization": {"Bearer " + DefaultPublicKey}},
			want: want{403, "forbidden", ""}, evenWithout: true},
		{name: "Accept refuses JSON", method: "GET", path: "/customers",
			header: http.Header{"Authorization": {"Bearer " + DefaultKey}, "Accept": {"text/html"}},
			want:   want{406, "not_acceptable", ""}, evenWithout: true},

		{name: "unknown path", method: "GET", path: "/refunds", want: want{404, "not_found", ""}, evenWithout: true},
		{name: "double slash", method: "GET", path: "//customers", want: want{404, "not_found", ""}, evenWithout: true},
		{name: "dot segments", method: "GET", path: "/customers/../orders", want: want{404, "not_found", ""}, evenWithout: true},
		{name: "trailing slash", method: "GET", path: "/customers/", want: want{404, "not_found", ""}, evenWithout: true},
		{name: "unknown ID", method: "GET", path: "/orders/ord_nope", want: want{404, "not_found", "id"}, evenWithout: true},
		{name: "wrong method", method: "PUT", path: "/customers/c1", want: want{405, "method_not_allowed", ""}, evenWithout: true},
		{name: "HEAD is not GET", method: "HEAD", path: "/customers", want: want{405, "", ""}, evenWithout: true},
	}
	for _, validate := range []bool{true, false} {
		var opts []Option
		if !validate {
			opts = append(opts, WithoutValidation())
		}
		srv := NewServer(t, opts...)
		for _, tc := range tests {
			if !validate && !tc.evenWithout {
				continue
			}
			name := tc.name
			if !validate {
				name += " without validation"
			}
			t.Run(name, func(t *testing.T) {
				h := tc.header
				if h == nil {
					h = http.Header{"Authorization": {"Bearer " + srv.Key()}}
				}
				a := callWith(t, srv, tc.method, tc.path, tc.body, h)
				if a.status != tc.want.status {
					t.Fatalf("status %d, want %d; body %s", a.status, tc.want.status, a.body)
				}
				if tc.method == "HEAD" {
					return // no body
				}
				if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type %q", ct)
				}
				if !a.hasError(t, tc.want.code, tc.want.parameter) {
					t.Errorf("no error with code %q and parameter %q in %s", tc.want.code, tc.want.parameter, a.body)
				}
			})
		}
	}
}

func TestMethodNotAllowedSaysWhatIs(t *testing.T) {
	srv := NewServer(t)
	a := call(t, srv, "PATCH", "/customers/c1", nil).mustStatus(t, 405)
	if got := a.header.Get("Allow"); got != "GET, POST, DELETE" {
		t.Errorf("Allow %q, want GET, POST, DELETE", got)
	}
}

func TestBodyTooLarge(t *testing.T) {
	srv := NewServer(t, WithMaxBodyBytes(1024))
	big := `{"email": "a@example.com", "metadata": {"pad": "` + strings.Repeat("x", 2048) + `"}}`
	a := call(t, srv, "POST", "/customers", big).mustStatus(t, 400)
	if !a.hasError(t, "request_too_large", "body") {
		t.Errorf("body %s", a.body)
	}
	if len(srv.Customers()) != 0 {
		t.Error("a refused body created a customer")
	}
	// Just under the limit is fine.
	// (metadata values are at most 500 characters)
	call(t, srv, "POST", "/customers", `{"metadata": {"pad": "`+strings.Repeat("x", 450)+`", "pad2": "`+strings.Repeat("x", 450)+`"}}`).mustStatus(t, 201)
}

func TestDefaultBodyLimitIsOneMiB(t *testing.T) {
	srv := NewServer(t)
	big := `{"metadata": {"pad": "` + strings.Repeat("x", 1<<20) + `"}}`
	call(t, srv, "POST", "/customers", big).mustStatus(t, 400)
}

func TestPublicKeyCreatesSources(t *testing.T) {
	srv := NewServer(t)
	h := http.Header{"Authorization": {"Bearer " + srv.PublicKey()}}
	callWith(t, srv, "POST", "/sources", `{"type": "creditCard"}`, h).mustStatus(t, 201)
}

func TestWithKeyAcceptsOnlyThatKey(t *testing.T) {
	srv := NewServer(t, WithKey("sk_test_mine"))
	if srv.Key() != "sk_test_mine" || srv.PublicKey() != "pk_test_mine" {
		t.Fatalf("keys %q, %q", srv.Key(), srv.PublicKey())
	}
	callWith(t, srv, "GET", "/customers", nil, http.Header{"Authorization": {"Bearer sk_test_other"}}).mustStatus(t, 401)
	call(t, srv, "GET", "/customers", nil).mustStatus(t, 200)
	callWith(t, srv, "POST", "/sources", `{"type": "ideal"}`, http.Header{"Authorization": {"Bearer pk_test_mine"}}).mustStatus(t, 201)

	// Without WithKey, any well-formed test key will do.
	open := NewServer(t)
	callWith(t, open, "GET", "/customers", nil, http.Header{"Authorization": {"Bearer sk_test_other"}}).mustStatus(t, 200)
}

func TestFieldPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "body",
		"/email":                "email",
		"/items/0/skuId":        "items[0].skuId",
		"/shipTo/address/line1": "shipTo.address.line1",
		"/metadata/a~1b":        "metadata.a/b",
		"/0":                    "0",
	} {
		if got := fieldPath(in); got != want {
			t.Errorf("fieldPath(%q) = %q, want %q", in, got, want)
		}
	}
}
