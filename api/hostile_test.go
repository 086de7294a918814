package api_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// requestProblems validates data against the schema name as a request and
// returns its problems, failing on any other error.
func requestProblems(t *testing.T, name, data string) []api.Problem {
	t.Helper()
	err := api.ValidateSchema(name, api.InRequest, []byte(data))
	if err == nil {
		return nil
	}
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%s: got %v, want a *ValidationError", data, err)
	}
	return ve.Problems
}

// TestProblemCap checks that a payload with more problems than MaxProblems
// lists MaxProblems of them, in the payload's order, and one more problem
// that says how many were left out.
func TestProblemCap(t *testing.T) {
	const n = api.MaxProblems + 234
	err := api.ValidateSchema("OrderRequest", api.InRequest, badItems(n))
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	if len(ve.Problems) != api.MaxProblems+1 || ve.Omitted != 234 {
		t.Fatalf("got %d problems, %d omitted; want %d and 234", len(ve.Problems), ve.Omitted, api.MaxProblems+1)
	}
	last := ve.Problems[api.MaxProblems]
	if last.Rule != "maxProblems" || !strings.Contains(last.Message, "234 more problems left out") {
		t.Errorf("last problem = %+v, want one saying 234 were left out", last)
	}
	if p := ve.Problems[api.MaxProblems-1]; p.Pointer != "/items/999/quantity" || p.Line != 1001 {
		t.Errorf("problem %d = %+v, want /items/999/quantity on line 1001", api.MaxProblems-1, p)
	}
	if !strings.HasPrefix(err.Error(), "api: 1234 problems: ") {
		t.Errorf("Error() = %.80q, want it to count all 1234 problems", err.Error())
	}
}

// TestHostileMessages checks the problem each tricky payload gets: where,
// for which rule, and in words that say what is wrong.
func TestHostileMessages(t *testing.T) {
	tests := []struct {
		name, schema, data string
		pointer, rule      string
		line, col          int
		says               string
	}{
		{"oneOf failed once", "CustomerRequest", `{"metadata": {"a": [1]}}`, "/metadata/a", "oneOf", 1, 20, "exactly one of: string, boolean, integer"},
		{"null body", "CustomerRequest", `null`, "", "nullable", 1, 1, "is null: the body must be an object"},
		{"null property", "CustomerRequest", `{"email": null}`, "/email", "nullable", 1, 11, "is null: send a string, or leave the property out"},
		{"case variant", "CustomerRequest", `{"email": "jsmith@digitalriver.com", "Email": "not-an-email"}`, "/Email", "caseVariant", 1, 47, `"Email" differs from the property "email" only by case`},
		{"case variant nested", "OrderRequest", "{\"items\": [\n {\"skuId\": \"a\", \"Quantity\": 2}]}", "/items/0/Quantity", "caseVariant", 2, 29, `the property "quantity"`},
		{"duplicate key", "CustomerRequest", "{\"email\": \"a@b.com\",\n \"email\": \"c@d.com\"}", "/email", "duplicateKey", 2, 2, `"email" appears more than once`},
		{"out of range", "OrderRequest", "{\n \"creditAmount\": 1e400}", "/creditAmount", "range", 2, 18, "1e400 is out of range"},
		{"out of range negative", "OrderRequest", `{"items": [{"skuId": "a", "quantity": -1e999}]}`, "/items/0/quantity", "range", 1, 39, "-1e999 is out of range"},
		{"byte order mark", "CustomerRequest", "\xef\xbb\xbf{}", "", "json", 1, 1, "byte order mark"},
		{"UTF-16 LE", "CustomerRequest", "{\x00}\x00", "", "json", 1, 1, "UTF-16 (little-endian)"},
		{"UTF-16 BE", "CustomerRequest", "\x00{\x00}", "", "json", 1, 1, "UTF-16 (big-endian)"},
		{"UTF-16 BOM", "CustomerRequest", "\xff\xfe{\x00}\x00", "", "json", 1, 1, "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := requestProblems(t, tt.schema, tt.data)
			if len(ps) != 1 {
				t.Fatalf("got %d problems %v, want 1", len(ps), ps)
			}
			p := ps[0]
			if p.Pointer != tt.pointer || p.Rule != tt.rule || p.Line != tt.line || p.Column != tt.col || !strings.Contains(p.Message, tt.says) {
				t.Errorf("got %s %s at %d:%d %q,\nwant %s %s at %d:%d saying %q", p.Pointer, p.Rule, p.Line, p.Column, p.Message,
					tt.pointer, tt.rule, tt.line, tt.col, tt.says)
			}
		})
	}
}

// TestEnumListsAll checks that an enum's message lists every value, the
// last included.
func TestEnumListsAll(t *testing.T) {
	ps := requestProblems(t, "SourceRequest", `{"type": "zzz"}`)
	if len(ps) != 1 || !strings.HasSuffix(ps[0].Message, "afterPay, ccAvenue") {
		t.Errorf("got %v, want the whole list of source types", ps)
	}
}

// endless is a body that never ends, counting the bytes read of it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

// TestRequestBodyCap checks that ValidateRequest reads no more than
// MaxRequestBytes of a body, refusing a larger one by its Content-Length
// unread, and leaves the body readable whole.
func TestRequestBodyCap(t *testing.T) {
	r := httptest.NewRequest("POST", "/customers", nil)
	r.Header.Set("Content-Type", "application/json")
	body := &endless{}
	r.Body, r.ContentLength = body, api.MaxRequestBytes+1
	if err := api.ValidateRequest(r); !errors.Is(err, api.ErrBodyTooLarge) || body.n != 0 {
		t.Errorf("by Content-Length: got %v after reading %d bytes, want ErrBodyTooLarge and nothing read", err, body.n)
	}
	r.ContentLength = -1
	err := api.ValidateRequest(r)
	if !errors.Is(err, api.ErrBodyTooLarge) || body.n > api.MaxRequestBytes+1<<20 {
		t.Errorf("streamed: got %v after reading %d bytes, want ErrBodyTooLarge after about %d", err, body.n, api.MaxRequestBytes)
	}
	b := make([]byte, 100)
	if n, err := io.ReadFull(r.Body, b); n != 100 || err != nil {
		t.Errorf("the body is not readable after: %d, %v", n, err)
	}
}

// TestCheckKeys checks the keys-only check: case variants and repeated
// keys, nothing else.
func TestCheckKeys(t *testing.T) {
	if err := api.CheckKeys("createCustomer", []byte(`{"email": "not an address"}`)); err != nil {
		t.Errorf("a bad value: got %v, want nil (only keys are checked)", err)
	}
	if err := api.CheckKeys("createCustomer", []byte(`{"email": `)); err != nil {
		t.Errorf("broken JSON: got %v, want nil", err)
	}
	err := api.CheckKeys("createCustomer", []byte("{\"id\": \"a\", \"id\": \"b\",\n \"EMAIL\": \"x\"}"))
	var ve *api.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Rule != "duplicateKey" || ve.Problems[1].Rule != "caseVariant" ||
		ve.Problems[1].Pointer != "/EMAIL" || ve.Problems[1].Line != 2 {
		t.Errorf("got %v, want a duplicateKey then a caseVariant on line 2", err)
	}
	if err := api.CheckKeys("noSuchOp", nil); !errors.Is(err, api.ErrUnknownOperation) {
		t.Errorf("unknown operation: got %v", err)
	}
}

// TestUnparsableQuery checks that a query net/url cannot parse whole is a
// problem: with more than 10,000 parameters r.URL.Query() drops them all,
// so limit=1000 went unchecked and the transport sent it.
func TestUnparsableQuery(t *testing.T) {
	for name, query := range map[string]string{
		"too many parameters": "limit=1000" + strings.Repeat("&x=1", 10_000),
		"bad escape":          "limit=10&email=%zz",
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/customers?"+query, nil)
			err := api.ValidateRequest(r)
			var ve *api.ValidationError
			if !errors.As(err, &ve) || !slices.ContainsFunc(ve.Problems, func(p api.Problem) bool {
				return p.In == "query" && p.Rule == "query" && strings.Contains(p.Message, "does not parse")
			}) {
				t.Errorf("got %v, want a problem saying the query does not parse", err)
			}
		})
	}
}

// TestRepeatedKeysBounded checks that repeated keys cost about the size of
// the payload: each was noted with its full pointer before the cap, so a
// thousand repeats under a 1 MB key made 2 GB of pointers, and a million
// repeats a million problems.
func TestRepeatedKeysBounded(t *testing.T) {
	repeats := func(prefix string, n int) []byte {
		var b strings.Builder
		b.WriteString(prefix)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"a":1`)
		}
		b.WriteString(strings.Repeat("}", strings.Count(prefix, "{")))
		return []byte(b.String())
	}
	tests := []struct {
		name string
		data []byte
		want int // problems in all: listed and omitted
	}{
		{"under a long key", repeats(`{"`+strings.Repeat("k", 1<<20)+`": {`, 2000), 1999},
		{"flat", repeats(`{`, 200_000), 199_999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := api.ValidateSchema("CustomerRequest", api.AnyDirection, tt.data)
			runtime.ReadMemStats(&after)
			var ve *api.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			if got := len(ve.Problems) - 1 + ve.Omitted; ve.Omitted == 0 || got != tt.want {
				t.Errorf("got %d problems listed and %d omitted, want %d in all", len(ve.Problems), ve.Omitted, tt.want)
			}
			if p := ve.Problems[0]; p.Rule != "duplicateKey" || p.Line != 1 {
				t.Errorf("first problem %.200v, want a duplicateKey", p)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40*uint64(len(tt.data))+32<<20 {
				t.Errorf("allocated %d MB for %d KB of input", alloc>>20, len(tt.data)>>10)
			}
		})
	}
}
