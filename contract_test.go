package drapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
)

// loadSpec parses and validates the embedded contract; each call returns a
// fresh document the caller may change.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(drapi.OpenAPI())
	if err != nil {
		t.Fatalf("openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	return doc
}

func TestSpecIsOpenAPI303(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3 (3.1 makes kin-openapi validation far slower)", doc.OpenAPI)
	}
	if doc.Info == nil || doc.Info.Version == "" {
		t.Error("info.version is empty")
	}
}

var errorStatuses = []string{"400", "401", "403", "404", "405", "406", "408", "409", "429", "500", "502", "503", "504"}

// TestSpecOperations: gen's table of operations (written by internal/opsgen)
// is every operation of the contract, each with a unique operationId.
func TestSpecOperations(t *testing.T) {
	doc := loadSpec(t)
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			got, ok := gen.OperationID(op.OperationID).Operation()
			if !ok || got.Method != method || got.Path != path {
				t.Errorf("%s %s (%s) is not in gen's table as such: %+v; run make generate", method, path, op.OperationID, got)
			}
		}
	}
	if len(gen.Operations()) != n {
		t.Errorf("gen has %d operations, the contract %d: run make generate", len(gen.Operations()), n)
	}
}

func TestSpecOperationShapes(t *testing.T) {
	doc := loadSpec(t)
	for _, want := range gen.Operations() {
		t.Run(string(want.ID), func(t *testing.T) {
			op := doc.Paths.Find(want.Path).GetOperation(want.Method)
			if op.Summary == "" || op.Description == "" {
				t.Error("summary or description is empty")
			}
			if op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["bearerAuth"] == nil {
				t.Errorf("security = %v, want bearerAuth", op.Security)
			}
			checkRequestBody(t, op, want.RequestSchema)
			checkSuccess(t, op, want.SuccessStatus, want.ResponseSchema)
			for _, code := range errorStatuses {
				ref := op.Responses.Value(code)
				if ref == nil || !strings.HasPrefix(ref.Ref, "#/components/responses/") {
					t.Errorf("response %s is missing or not a shared response", code)
					continue
				}
				schema := ref.Value.Content.Get("application/json").Schema
				if schema.Ref != "#/components/schemas/Errors" {
					t.Errorf("response %s body is %q, want the Errors schema", code, schema.Ref)
				}
			}
			if h := op.Responses.Value("429").Value.Headers["Retry-After"]; h == nil || h.Value.Schema.Value.Type.Is("integer") == false {
				t.Error("429 has no integer Retry-After header")
			}
		})
	}
}

func checkRequestBody(t *testing.T, op *openapi3.Operation, schema string) {
	t.Helper()
	if schema == "" {
		if op.RequestBody != nil {
			t.Error("has a request body, want none")
		}
		return
	}
	if op.RequestBody == nil || !op.RequestBody.Value.Required {
		t.Fatal("request body is missing or optional")
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if got := mt.Schema.Ref; got != "#/components/schemas/"+schema {
		t.Errorf("request body schema = %q, want %s", got, schema)
	}
	if mt.Example == nil && len(mt.Examples) == 0 {
		t.Error("request body has no example")
	}
}

func checkSuccess(t *testing.T, op *openapi3.Operation, status int, schema string) {
	t.Helper()
	resp := op.Responses.Status(status)
	if resp == nil {
		t.Fatalf("no %d response", status)
	}
	for code := range op.Responses.Map() {
		if strings.HasPrefix(code, "2") && code != strconv.Itoa(status) {
			t.Errorf("unexpected success status %s", code)
		}
	}
	if schema == "" {
		if len(resp.Value.Content) != 0 {
			t.Errorf("%d response has a body, want none", status)
		}
		return
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema.Ref != "#/components/schemas/"+schema {
		t.Fatalf("%d response schema is not %s", status, schema)
	}
	if len(mt.Examples) == 0 && mt.Example == nil {
		t.Errorf("%d response has no example", status)
	}
}

// The query parameters of the two list operations: 8 + 33 = 41.
var listParams = map[string][]string{
	"listCustomers": {"startingAfter", "endingBefore", "limit", "email", "ids", "requestToBeForgotten",
		"createdTime", "updatedTime"},
	"listOrders": {"startingAfter", "endingBefore", "limit", "ids", "upstreamIds", "state", "customerId",
		"checkoutId", "applicationId", "email", "currency", "skuId", "fraudState", "browserIp", "chargeType",
		"subscriptionId", "refundedAmount", "locale", "customerType",
		"createdTime", "updatedTime", "totalAmount",
		"accepted", "blocked", "cancelled", "complete", "fulfilled", "in_review", "pending_payment", "returned",
		"fraudStateTransitions.blocked", "fraudStateTransitions.passed", "fraudStateTransitions.review_opened"},
}

func TestSpecListParameters(t *testing.T) {
	doc := loadSpec(t)
	total := 0
	for opID, names := range listParams {
		path := "/" + strings.TrimPrefix(strings.ToLower(opID), "list")
		op := doc.Paths.Find(path).Get
		var got []string
		for _, p := range op.Parameters {
			got = append(got, p.Value.Name)
			total++
			t.Run(opID+"/"+p.Value.Name, func(t *testing.T) {
				pv := p.Value
				if pv.In != "query" || pv.Required {
					t.Errorf("in=%s required=%v, want an optional query parameter", pv.In, pv.Required)
				}
				if strings.TrimSpace(pv.Description) == "" {
					t.Error("no description")
				}
				s := pv.Schema.Value
				if s.Type == nil || len(s.Type.Slice()) != 1 {
					t.Fatalf("no single type: %v", s.Type)
				}
				switch pv.Name {
				case "limit":
					if !s.Type.Is("integer") || s.Min == nil || *s.Min != 1 || s.Max == nil || *s.Max != 100 || s.Default != float64(10) {
						t.Errorf("limit schema = %s min=%v max=%v default=%v, want integer 1..100 default 10", s.Type, s.Min, s.Max, s.Default)
					}
				case "ids", "upstreamIds":
					if !s.Type.Is("array") || !s.Items.Value.Type.Is("string") {
						t.Errorf("want an array of strings, got %s", s.Type)
					}
					if pv.Style != "form" || pv.Explode == nil || !*pv.Explode {
						t.Errorf("style=%q explode=%v, want exploded form (ids=a&ids=b)", pv.Style, pv.Explode)
					}
				case "requestToBeForgotten":
					if !s.Type.Is("boolean") {
						t.Errorf("type %s, want boolean", s.Type)
					}
				case "refundedAmount":
					if !s.Type.Is("number") {
						t.Errorf("type %s, want number", s.Type)
					}
				case "state", "fraudState", "chargeType", "customerType":
					if len(s.Enum) == 0 {
						t.Error("want an enum")
					}
				case "totalAmount":
					checkRange(t, pv, "AmountRange")
				default:
					if s.Type.Is("object") {
						checkRange(t, pv, "TimeRange")
					}
				}
			})
		}
		if !slices.Equal(got, names) {
			t.Errorf("%s parameters = %v, want %v", opID, got, names)
		}
	}
	if total != 41 {
		t.Errorf("%d list parameters, want 41", total)
	}
}

// checkRange checks a range filter: a deepObject parameter
// (createdTime[gte]=...) whose schema is the named component, with the
// bounds eq, gt, gte, lt and lte.
func checkRange(t *testing.T, p *openapi3.Parameter, component string) {
	t.Helper()
	if p.Style != "deepObject" || p.Explode == nil || !*p.Explode {
		t.Errorf("style=%q explode=%v, want deepObject exploded", p.Style, p.Explode)
	}
	if p.Schema.Ref != "#/components/schemas/"+component {
		t.Errorf("schema %q, want the component %s", p.Schema.Ref, component)
	}
	got := slices.Sorted(maps.Keys(p.Schema.Value.Properties))
	if want := []string{"eq", "gt", "gte", "lt", "lte"}; !slices.Equal(got, want) {
		t.Errorf("bounds %v, want %v", got, want)
	}
}

// Every property of every component schema has a description (or is a $ref
// to a schema that has one) and a type.
func TestSpecSchemasAreDocumented(t *testing.T) {
	doc := loadSpec(t)
	for name, ref := range doc.Components.Schemas {
		s := ref.Value
		if s.Description == "" {
			t.Errorf("schema %s has no description", name)
		}
		for prop, pref := range s.Properties {
			p := pref.Value
			if p.Description == "" {
				t.Errorf("%s.%s has no description", name, prop)
			}
			if p.Type == nil && p.OneOf == nil {
				t.Errorf("%s.%s has no type", name, prop)
			}
		}
	}
}

// The enums CONTRACT.md lists, exactly.
func TestSpecEnums(t *testing.T) {
	doc := loadSpec(t)
	want := map[string][]string{
		"CustomerType":       {"individual", "business"},
		"ChargeType":         {"customer_initiated", "merchant_initiated", "moto"},
		"SourceFlow":         {"standard", "redirect", "receiver"},
		"SourceState":        {"pending_funds", "pending_redirect", "requires_action", "chargeable", "consumed", "cancelled", "failed"},
		"OrderState":         {"accepted", "blocked", "pending_payment", "in_review", "dispute", "cancelled", "fulfilled", "complete", "returned", "created"},
		"FraudState":         {"blocked", "review_opened", "passed", "in_review"},
		"ChargeState":        {"pending", "capturable", "processing", "complete", "cancelled", "failed"},
		"CaptureState":       {"pending", "complete", "failed"},
		"CancelState":        {"pending", "pending_information", "complete", "failed"},
		"TaxIdentifierState": {"pending", "not_valid", "verified"},
		"SourceType": {"creditCard", "directDebit", "googlePay", "applePay", "payPal", "payPalBilling", "payPalCredit",
			"wireTransfer", "customerCredit", "alipay", "bPay", "onlineBanking", "codJapan", "klarnaCredit",
			"klarnaCreditRecurring", "konbini", "bankTransfer", "msts", "bancontact", "giftCard", "ideal", "amazonPay",
			"afterPay", "ccAvenue"},
	}
	for name, values := range want {
		ref := doc.Components.Schemas[name]
		if ref == nil {
			t.Errorf("schema %s is missing", name)
			continue
		}
		var got []string
		for _, v := range ref.Value.Enum {
			got = append(got, v.(string))
		}
		slices.Sort(got)
		values = slices.Clone(values)
		slices.Sort(values)
		if !slices.Equal(got, values) {
			t.Errorf("%s enum = %v, want %v", name, got, values)
		}
	}
}

// Every source type has its detail object on Source, under the type's name.
func TestSourceDetailPerType(t *testing.T) {
	doc := loadSpec(t)
	source := doc.Components.Schemas["Source"].Value
	for _, v := range doc.Components.Schemas["SourceType"].Value.Enum {
		prop := source.Properties[v.(string)]
		if prop == nil || prop.Ref == "" || !prop.Value.Type.Is("object") {
			t.Errorf("Source has no detail object %q", v)
		}
	}
}

// Required fields are where CONTRACT.md puts them.
func TestSpecRequired(t *testing.T) {
	doc := loadSpec(t)
	want := map[string][]string{
		"Address":          {"country"},
		"PurchaseLocation": {"country"},
		"TaxCertificate":   {"companyName", "taxAuthority", "startDate", "endDate", "fileId"},
		"SourceRequest":    {"type"},
		"CustomerList":     {"hasMore", "data"},
		"OrderList":        {"hasMore", "data"},
		"Errors":           {"type", "errors"},
	}
	for name, fields := range want {
		got := slices.Clone(doc.Components.Schemas[name].Value.Required)
		slices.Sort(got)
		fields = slices.Clone(fields)
		slices.Sort(fields)
		if !slices.Equal(got, fields) {
			t.Errorf("%s required = %v, want %v", name, got, fields)
		}
	}
	for _, name := range []string{"CustomerRequest", "UpdateCustomerRequest", "OrderRequest", "UpdateOrderRequest"} {
		if r := doc.Components.Schemas[name].Value.Required; len(r) != 0 {
			t.Errorf("%s requires %v; CONTRACT.md requires nothing of it", name, r)
		}
	}
}

// Server-assigned fields are readOnly, so request validation rejects them.
func TestSpecReadOnly(t *testing.T) {
	doc := loadSpec(t)
	for schema, props := range map[string][]string{
		"Order":    {"id", "createdTime", "updatedTime", "totalAmount", "subtotal", "totalTax", "state", "stateTransitions", "charges"},
		"Source":   {"id", "createdTime", "state", "clientSecret"},
		"Customer": {"createdTime", "updatedTime", "liveMode"},
	} {
		for _, p := range props {
			if !doc.Components.Schemas[schema].Value.Properties[p].Value.ReadOnly {
				t.Errorf("%s.%s is not readOnly", schema, p)
			}
		}
	}
}

// Timestamps are date-time strings wherever they appear.
func TestSpecTimestampsAreDateTime(t *testing.T) {
	doc := loadSpec(t)
	names := []string{"createdTime", "updatedTime", "startDate", "endDate", "startTime", "endTime"}
	count := 0
	for schema, ref := range doc.Components.Schemas {
		for prop, p := range ref.Value.Properties {
			if slices.Contains(names, prop) {
				count++
				if !p.Value.Type.Is("string") || p.Value.Format != "date-time" {
					t.Errorf("%s.%s is %s/%s, want string/date-time", schema, prop, p.Value.Type, p.Value.Format)
				}
			}
		}
	}
	for _, schema := range []string{"OrderStateTransitions", "FraudStateTransitions"} {
		for prop, p := range doc.Components.Schemas[schema].Value.Properties {
			count++
			if p.Value.Format != "date-time" {
				t.Errorf("%s.%s is not a date-time", schema, prop)
			}
		}
	}
	if count < 20 {
		t.Errorf("found only %d timestamp properties", count)
	}
}

// TestGeneratedFromThisContract fails when openapi.yaml was edited without
// make generate: gen records the SHA-256 of the contract it came from.
func TestGeneratedFromThisContract(t *testing.T) {
	sum := sha256.Sum256(drapi.OpenAPI())
	if got := hex.EncodeToString(sum[:]); got != gen.ContractSHA256 {
		t.Errorf("openapi.yaml has SHA-256 %s, gen was generated from %s: run make generate", got, gen.ContractSHA256)
	}
}
