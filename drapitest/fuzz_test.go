package drapitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// FuzzRequest sends arbitrary paths, queries and bodies to the fake: it must
// never panic or fail inside, and every refusal must be in the Errors shape.
// Run it longer with: go test -run '^$' -fuzz FuzzRequest ./drapitest
func FuzzRequest(f *testing.F) {
	fake, err := New(WithSeedFixtures(), WithMaxBodyBytes(4096))
	if err != nil {
		f.Fatal(err)
	}
	// The same invariants hold without validation.
	unchecked, err := New(WithSeedFixtures(), WithMaxBodyBytes(4096), WithoutValidation())
	if err != nil {
		f.Fatal(err)
	}
	seeds := []struct {
		method uint8
		path   string
		body   string
	}{
		{0, "/customers?limit=5&email=a@b.c&ids=1&ids=2", ""},
		{1, "/customers", `{"id": "x", "email": "jsmith@digitalriver.com", "taxIdentifiers": [{"type": "uk", "value": "1"}]}`},
		{1, "/customers/5823594809", `{"metadata": {"a": 1, "b": true, "c": "s"}, "taxCertificate": {"companyName": "c", "taxAuthority": "MN", "startDate": "2019-04-25T20:36:00Z", "endDate": "2020-04-25T20:36:00Z", "fileId": "f"}}`},
		{2, "/customers/5823594809", ""},
		{1, "/customers/5823594809/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", ""},
		{2, "/customers/5823594809/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", ""},
		{1, "/sources", `{"type": "creditCard", "amount": 1e308}`},
		{0, "/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", ""},
		{0, "/orders?state=accepted&refundedAmount=NaN&locale=en_US&startingAfter=ord_5823594809", ""},
		{1, "/orders", `{"items": [{"skuId": "s", "price": 1.5, "quantity": 3, "discount": {"percentOff": 50, "quantity": 2}}], "discount": {"amountOff": 1}}`},
		{1, "/orders/ord_5823594809", `{"upstreamId": "u", "requestToBeForgotten": true}`},
		{3, "/customers/%zz", "\x00"},
		{0, "//customers/../orders", ""},
		{1, "/orders", `{"items": [{"skuId": "s", "price": -1, "quantity": -5}], "creditAmount": -1}`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body)
	}
	// Hostile input: case variants, non-objects, repeated keys, numbers out
	// of range, encodings, and a query of more parameters than net/url
	// parses.
	for _, s := range hostileSeeds {
		f.Add(s.method, s.path, s.body)
	}
	// The reference pages' request bodies, from the module's testdata.
	for name, target := range map[string]string{
		"createCustomer": "/customers", "updateCustomer": "/customers/5823594809",
		"createOrder": "/orders", "updateOrder": "/orders/ord_5823594809",
	} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "normalized", name+".request.json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(1), target, string(b))
	}
	methods := []string{"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"}
	f.Fuzz(func(t *testing.T, m uint8, path, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		method := methods[int(m)%len(methods)]
		req := httptest.NewRequest("GET", "/", nil)
		u, err := req.URL.Parse(path)
		if err != nil {
			return // not a URL a client could send
		}
		req.Method, req.URL, req.RequestURI = method, u, ""
		if body != "" {
			req.Body = io.NopCloser(strings.NewReader(body))
			req.ContentLength = int64(len(body))
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+DefaultKey)
		for _, fake := range []*Fake{fake, unchecked} {
			serveOne(t, fake, req, method, path, body)
		}
	})
}

// serveOne sends a copy of req to fake and checks the answer: never a 5xx
// or a redirect, never a success for a POST whose body is not a JSON object
// (without validation a GET's body is ignored, as the API does), and every
// refusal in the Errors shape.
func serveOne(t *testing.T, fake *Fake, req *http.Request, method, path, body string) {
	t.Helper()
	req = req.Clone(req.Context())
	if body != "" {
		req.Body = io.NopCloser(strings.NewReader(body))
	}
	rec := httptest.NewRecorder()
	fake.ServeHTTP(rec, req)
	if rec.Code >= 500 || (rec.Code >= 300 && rec.Code < 400) {
		t.Fatalf("%s %s %q: status %d: %s", method, path, body, rec.Code, rec.Body)
	}
	if rec.Code < 300 && method == "POST" && body != "" && !isJSONObject(body) {
		t.Fatalf("%s %s %q: status %d for a body that is not a JSON object", method, path, body, rec.Code)
	}
	if rec.Code >= 400 && method != "HEAD" {
		var e gen.Errors
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Type == "" || len(e.Errors) == 0 {
			t.Fatalf("%s %s %q: status %d without the Errors shape: %s", method, path, body, rec.Code, rec.Body)
		}
	}
}

// hostileSeeds are requests the fake must refuse, whole, with a 400.
var hostileSeeds = []struct {
	method uint8
	path   string
	body   string
}{
	{1, "/customers", `{"email": "jsmith@digitalriver.com", "Email": "not-an-email"}`},
	{1, "/customers", `{"id": "a", "id": "b"}`},
	{1, "/customers", `null`},
	{1, "/customers", `[{"id": "a"}]`},
	{1, "/customers/5823594809", `5`},
	{1, "/orders", `{"creditAmount": 1e400, "items": [{"skuId": "s", "quantity": 1}]}`},
	{1, "/orders", "\xef\xbb\xbf{}"},
	{1, "/orders", "{\x00}\x00"},
	{0, "/customers?" + strings.Repeat("ids=1&", 10001), ""},
	{0, "/orders?ids=a;ids=b", ""},
}

// isJSONObject reports whether s is one JSON object (its numbers may be
// out of the range of a float64).
func isJSONObject(s string) bool {
	return json.Valid([]byte(s)) && strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{")
}
