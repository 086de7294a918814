package drapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drapi-go/drapi/gen"
)

// fixture is one seed example: testdata/seeds/<kind>/<operationId>.<direction>.json.
type fixture struct {
	op, direction, file string
}

func seedFixtures(t *testing.T, kind string) []fixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "seeds", kind, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		out = append(out, fixture{op: parts[0], direction: parts[1], file: f})
	}
	if len(out) != 13 {
		t.Fatalf("found %d %s fixtures, want 13", len(out), kind)
	}
	return out
}

// fixtureMediaType returns the JSON body an operation's request or success
// response carries.
func fixtureMediaType(t *testing.T, doc *openapi3.T, f fixture) *openapi3.MediaType {
	t.Helper()
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != f.op {
				continue
			}
			if f.direction == "request" {
				return op.RequestBody.Value.Content.Get("application/json")
			}
			for code, r := range op.Responses.Map() {
				if strings.HasPrefix(code, "2") && r.Value.Content != nil {
					return r.Value.Content.Get("application/json")
				}
			}
			t.Fatalf("%s has no %s body", f.op, f.direction)
		}
	}
	t.Fatalf("no operation %s", f.op)
	return nil
}

// fixtureSchema returns the schema a fixture is held to, and the component's name.
func fixtureSchema(t *testing.T, doc *openapi3.T, f fixture) (*openapi3.SchemaRef, string) {
	mt := fixtureMediaType(t, doc, f)
	return mt.Schema, strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
}

// goTypes maps each body schema to its generated Go type.
var goTypes = map[string]func() any{
	"CustomerRequest":       func() any { return new(gen.CustomerRequest) },
	"UpdateCustomerRequest": func() any { return new(gen.UpdateCustomerRequest) },
	"Customer":              func() any { return new(gen.Customer) },
	"CustomerList":          func() any { return new(gen.CustomerList) },
	"Source":                func() any { return new(gen.Source) },
	"OrderRequest":          func() any { return new(gen.OrderRequest) },
	"UpdateOrderRequest":    func() any { return new(gen.UpdateOrderRequest) },
	"Order":                 func() any { return new(gen.Order) },
	"OrderList":             func() any { return new(gen.OrderList) },
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// visitOptions checks the formats the contract uses, email and uuid included,
// and holds requests to readOnly and responses to writeOnly.
func visitOptions(direction string) []openapi3.SchemaValidationOption {
	opts := []openapi3.SchemaValidationOption{
		openapi3.MultiErrors(),
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidator("email", openapi3.NewCallbackValidator(func(s string) error {
			if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
				return fmt.Errorf("not an e-mail address")
			}
			return nil
		})),
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(uuidRE.String())),
	}
	if direction == "request" {
		return append(opts, openapi3.VisitAsRequest())
	}
	return append(opts, openapi3.VisitAsResponse())
}

func readJSON(t *testing.T, file string) (raw []byte, v any) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return raw, v
}

// closeObjects makes every object schema that does not say otherwise reject
// undeclared properties, so a seed field missing from the contract fails.
func closeObjects(s *openapi3.Schema, seen map[*openapi3.Schema]bool) {
	if s == nil || seen[s] {
		return
	}
	seen[s] = true
	if s.Type.Is("object") && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		closed := false
		s.AdditionalProperties.Has = &closed
	}
	for _, p := range s.Properties {
		closeObjects(p.Value, seen)
	}
	if s.Items != nil {
		closeObjects(s.Items.Value, seen)
	}
	if s.AdditionalProperties.Schema != nil {
		closeObjects(s.AdditionalProperties.Schema.Value, seen)
	}
	for _, group := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
		for _, sub := range group {
			closeObjects(sub.Value, seen)
		}
	}
}

func closedSpec(t *testing.T) *openapi3.T {
	doc := loadSpec(t)
	seen := map[*openapi3.Schema]bool{}
	for _, s := range doc.Components.Schemas {
		closeObjects(s.Value, seen)
	}
	return doc
}

func TestSeedFixturesValidate(t *testing.T) {
	open, closed := loadSpec(t), closedSpec(t)
	for _, f := range seedFixtures(t, "normalized") {
		t.Run(f.op+"."+f.direction, func(t *testing.T) {
			_, v := readJSON(t, f.file)
			for mode, doc := range map[string]*openapi3.T{"as written": open, "closed": closed} {
				schema, _ := fixtureSchema(t, doc, f)
				if err := schema.Value.VisitJSON(v, visitOptions(f.direction)...); err != nil {
					t.Errorf("%s: %s does not validate against its schema: %v", mode, f.file, err)
				}
			}
		})
	}
}

// The closed check can fail: a field the contract does not declare is caught.
func TestClosedSchemasRejectUndeclaredFields(t *testing.T) {
	doc := closedSpec(t)
	f := fixture{op: "getOrder", direction: "response", file: "testdata/seeds/normalized/getOrder.response.json"}
	schema, _ := fixtureSchema(t, doc, f)
	_, v := readJSON(t, f.file)
	v.(map[string]any)["items"].([]any)[0].(map[string]any)["shipFrom"].(map[string]any)["undeclared"] = 1
	err := schema.Value.VisitJSON(v, visitOptions("response")...)
	if err == nil || !strings.Contains(err.Error(), "undeclared") {
		t.Fatalf("an undeclared field passed the closed check: %v", err)
	}
}

// Requests are held to readOnly: a server-assigned field in a request fails.
func TestRequestsRejectReadOnlyFields(t *testing.T) {
	doc := loadSpec(t)
	f := fixture{op: "createOrder", direction: "request", file: "testdata/seeds/normalized/createOrder.request.json"}
	schema, _ := fixtureSchema(t, doc, f)
	_, v := readJSON(t, f.file)
	v.(map[string]any)["shippingChoice"].(map[string]any)["taxAmount"] = 1.5
	if err := schema.Value.VisitJSON(v, visitOptions("request")...); err == nil || !strings.Contains(err.Error(), "readOnly") {
		t.Fatalf("a readOnly field in a request passed: %v", err)
	}
}

func TestSeedFixturesRoundTrip(t *testing.T) {
	doc := loadSpec(t)
	for _, f := range seedFixtures(t, "normalized") {
		t.Run(f.op+"."+f.direction, func(t *testing.T) {
			raw, want := readJSON(t, f.file)
			_, name := fixtureSchema(t, doc, f)
			newT, ok := goTypes[name]
			if !ok {
				t.Fatalf("no Go type listed for schema %s", name)
			}
			typed := newT()
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields() // every seed field has a Go field
			if err := dec.Decode(typed); err != nil {
				t.Fatalf("decode into %T: %v", typed, err)
			}
			if diff := jsonDiff("", want, reencode(t, typed)); diff != "" {
				t.Errorf("%T round trip changed the payload:\n%s", typed, diff)
			}
		})
	}
}

// reencode encodes v as JSON and decodes it back into generic values.
func reencode(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// jsonDiff lists, by JSON pointer, where two decoded JSON values differ.
func jsonDiff(ptr string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %v\n", ptr, got)
		}
		var b strings.Builder
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				fmt.Fprintf(&b, "%s/%s: lost\n", ptr, k)
				continue
			}
			b.WriteString(jsonDiff(ptr+"/"+k, wv, gv))
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				fmt.Fprintf(&b, "%s/%s: invented (%v)\n", ptr, k, g[k])
			}
		}
		return b.String()
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %d items, got %v\n", ptr, len(w), got)
		}
		var b strings.Builder
		for i := range w {
			b.WriteString(jsonDiff(fmt.Sprintf("%s/%d", ptr, i), w[i], g[i]))
		}
		return b.String()
	default:
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s: want %v, got %v\n", ptr, want, got)
		}
		return ""
	}
}

// Every raw example (Java-object timestamps) decodes, and each of its
// timestamps is the instant and offset the normalized example says.
func TestRawSeedFixturesDecode(t *testing.T) {
	doc := loadSpec(t)
	for _, f := range seedFixtures(t, "raw") {
		t.Run(f.op+"."+f.direction, func(t *testing.T) {
			raw, _ := readJSON(t, f.file)
			_, name := fixtureSchema(t, doc, f)
			typed := goTypes[name]()
			if err := json.Unmarshal(raw, typed); err != nil {
				t.Fatalf("decode raw %s into %T: %v", f.file, typed, err)
			}
			got := reencode(t, typed)
			_, norm := readJSON(t, filepath.Join("testdata", "seeds", "normalized", filepath.Base(f.file)))
			stamps := 0
			walkTimestamps("", norm, func(ptr, want string) {
				stamps++
				g, _ := lookup(got, ptr).(string)
				wt, _ := time.Parse(time.RFC3339Nano, want)
				gt, err := time.Parse(time.RFC3339Nano, g)
				_, wOff := wt.Zone()
				_, gOff := gt.Zone()
				if err != nil || !gt.Equal(wt) || gOff != wOff {
					t.Errorf("%s: raw decodes to %q, normalized says %q", ptr, g, want)
				}
			})
			if bytes.Contains(raw, []byte(`"monthValue"`)) && stamps == 0 {
				t.Errorf("%s has Java timestamps but none were compared", f.file)
			}
		})
	}
}

// walkTimestamps calls fn for every string value that is an RFC 3339 time.
func walkTimestamps(ptr string, v any, fn func(ptr, value string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			walkTimestamps(ptr+"/"+k, c, fn)
		}
	case []any:
		for i, c := range v {
			walkTimestamps(fmt.Sprintf("%s/%d", ptr, i), c, fn)
		}
	case string:
		if _, err := time.Parse(time.RFC3339Nano, v); err == nil {
			fn(ptr, v)
		}
	}
}

func lookup(v any, ptr string) any {
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			var i int
			fmt.Sscan(tok, &i)
			if i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}

// The examples in openapi.yaml are the normalized seed fixtures, so the spec
// documents exactly what the tests accept.
func TestSpecExamplesAreTheSeeds(t *testing.T) {
	doc := loadSpec(t)
	for _, f := range seedFixtures(t, "normalized") {
		t.Run(f.op+"."+f.direction, func(t *testing.T) {
			_, want := readJSON(t, f.file)
			examples := fixtureMediaType(t, doc, f).Examples
			ex := examples["seed"]
			if ex == nil {
				t.Fatal("no example named seed")
			}
			// Through JSON, YAML numbers and JSON numbers compare equal.
			if diff := jsonDiff("", want, reencode(t, ex.Value.Value)); diff != "" {
				t.Errorf("the spec's example differs from %s:\n%s", f.file, diff)
			}
		})
	}
}

// A tolerant reader: unknown fields and unknown enum values never fail a decode.
func TestDecodeIsTolerant(t *testing.T) {
	var o gen.Order
	err := json.Unmarshal([]byte(`{"id":"ord_1","state":"teleported","brandNewField":{"x":1},"chargeType":"barter"}`), &o)
	if err != nil {
		t.Fatalf("decode failed: %v", err)
	}
	if o.ID != "ord_1" || o.State == nil || *o.State != "teleported" || o.State.Valid() {
		t.Errorf("decoded %+v; want the unknown state kept and reported by Valid()", o)
	}
	if o.ChargeType == nil || *o.ChargeType != "barter" || o.ChargeType.Valid() {
		t.Errorf("chargeType = %v; want the unknown value kept and reported by Valid()", o.ChargeType)
	}
}

// The generated names are idiomatic (ID, IP, IDs): this file compiles only if
// gen's configuration keeps them.
var (
	_ = gen.Customer{}.ID
	_ = gen.Order{}.BrowserIP
	_ = gen.ListOrdersParams{}.UpstreamIDs
	_ = gen.ListCustomersParams{}.IDs
)
