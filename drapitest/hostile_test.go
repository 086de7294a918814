package drapitest

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// TestCaseVariantKeyRefused checks that a key differing from a declared
// property only by case never reaches the store, with validation or
// without: Go's decoder would take "Email" for "email", after validation
// looked at "email" only. A repeated key is refused too.
func TestCaseVariantKeyRefused(t *testing.T) {
	for _, opts := range [][]Option{nil, {WithoutValidation()}} {
		srv := NewServer(t, opts...)
		for _, tt := range []struct{ body, param string }{
			{`{"id": "cus_case", "email": "jsmith@digitalriver.com", "Email": "not-an-email"}`, "Email"},
			{`{"id": "cus_case", "EMAIL": "not-an-email"}`, "EMAIL"},
			{`{"id": "cus_case", "email": "jsmith@digitalriver.com", "email": "not-an-email"}`, "email"},
		} {
			a := call(t, srv, "POST", "/customers", tt.body).mustStatus(t, 400)
			if !a.hasError(t, codeInvalidParameter, tt.param) {
				t.Errorf("validation %v, %s: errors %s, want one naming %s", opts == nil, tt.body, a.body, tt.param)
			}
			call(t, srv, "GET", "/customers/cus_case", nil).mustStatus(t, 404)
		}
	}
}

// TestNonObjectBodyRefused checks that a body of null, an array, a number
// or a string is a 400, not an empty object created.
func TestNonObjectBodyRefused(t *testing.T) {
	for _, opts := range [][]Option{nil, {WithoutValidation()}} {
		srv := NewServer(t, opts...)
		for _, body := range []string{"null", "[]", `[{"id": "x"}]`, "5", `"s"`, "true"} {
			a := call(t, srv, "POST", "/customers", body).mustStatus(t, 400)
			if !a.hasError(t, codeInvalidParameter, "body") {
				t.Errorf("validation %v, body %s: errors %s, want one naming the body", opts == nil, body, a.body)
			}
		}
		var list gen.CustomerList
		call(t, srv, "GET", "/customers", nil).mustStatus(t, 200).decode(t, &list)
		if len(list.Data) != 0 {
			t.Errorf("validation %v: %d customers created, want none", opts == nil, len(list.Data))
		}
	}
}

// TestTooManyQueryParameters checks that a query net/url refuses to parse
// (more than 10,000 parameters) is a 400, not a list with its filters
// silently dropped.
func TestTooManyQueryParameters(t *testing.T) {
	for _, opts := range [][]Option{nil, {WithoutValidation()}} {
		srv := NewServer(t, append(opts, WithSeedFixtures())...)
		q := make([]string, 10001)
		for i := range q {
			q[i] = fmt.Sprintf("ids=%d", i)
		}
		raw := strings.Join(q, "&")
		if _, err := url.ParseQuery(raw); err == nil {
			t.Fatal("url.ParseQuery takes 10,001 parameters now: the test needs more")
		}
		a := call(t, srv, "GET", "/customers?"+raw, nil).mustStatus(t, 400)
		if !a.hasError(t, codeInvalidParameter, "query") {
			t.Errorf("validation %v: errors %s, want one naming the query", opts == nil, a.body)
		}
	}
}
