package api_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/internal/kinschema"
	"github.com/getkin/kin-openapi/openapi3"
)

// problemsOf returns the problems of err, failing the test when err is not
// a *ValidationError.
func problemsOf(t *testing.T, err error) []api.Problem {
	t.Helper()
	var verr *api.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return verr.Problems
}

// TestInvalidCorpus checks that each broken payload of testdata/invalid is
// reported at the right pointer, for the right rule, at the right line.
func TestInvalidCorpus(t *testing.T) {
	tests := []struct {
		dir, file   string
		pointer     string
		rule        string
		line, col   int
		wantMessage string
	}{
		{"wrong-type", "createCustomer.request.json", "/enabled", "type", 3, 14, "must be a boolean"},
		{"wrong-type-nested", "listOrders.response.json", "/data/0/items/0/quantity", "type", 4, 65, "must be an integer"},
		{"unknown-enum", "createCustomer.request.json", "/type", "enum", 3, 11, "individual, business"},
		{"missing-required", "createOrder.request.json", "/items/1/skuId", "required", 6, 5, `"skuId" is required`},
		{"read-only", "createCustomer.request.json", "/taxIdentifiers/0/state", "readOnly", 4, 54, "readOnly"},
		{"bad-email", "updateCustomer.request.json", "/email", "format", 2, 12, "e-mail"},
		{"bad-date-time", "getOrder.response.json", "/createdTime", "format", 3, 18, "RFC 3339"},
		{"below-minimum", "createOrder.request.json", "/items/0/quantity", "minimum", 4, 37, "at least 1"},
		{"trailing-garbage", "updateOrder.request.json", "", "json", 2, 1, "line 2, column 1"},
		{"empty", "updateOrder.request.json", "", "json", 1, 1, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../testdata/invalid", tt.dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			op, kind, _ := strings.Cut(strings.TrimSuffix(tt.file, ".json"), ".")
			dir := api.InResponse
			if kind == "request" {
				dir = api.InRequest
			}
			ps := problemsOf(t, validateOperation(op, dir, 0, data))
			if len(ps) != 1 {
				t.Fatalf("want 1 problem, got %d: %v", len(ps), ps)
			}
			p := ps[0]
			if p.In != "body" || p.Pointer != tt.pointer || p.Rule != tt.rule {
				t.Errorf("got in %q pointer %q rule %q, want body %q %q", p.In, p.Pointer, p.Rule, tt.pointer, tt.rule)
			}
			if p.Line != tt.line || p.Column != tt.col {
				t.Errorf("got line %d column %d, want %d %d", p.Line, p.Column, tt.line, tt.col)
			}
			if !strings.Contains(p.Message, tt.wantMessage) {
				t.Errorf("message %q does not say %q", p.Message, tt.wantMessage)
			}
			if p.Found == "" {
				t.Errorf("Found is empty")
			}
		})
	}
}

// TestValidationErrorListsEveryProblem checks that validation goes on after
// the first problem, and that Error summarises them.
func TestValidationErrorListsEveryProblem(t *testing.T) {
	body := `{"email": "nope", "type": "corp", "enabled": 1, "locale": "english", "taxCertificate": {}}`
	err := api.ValidateSchema("CustomerRequest", api.InRequest, []byte(body))
	ps := problemsOf(t, err)
	got := map[string]string{}
	for _, p := range ps {
		got[p.Pointer] += p.Rule + " "
	}
	want := map[string]string{
		"/email":                       "format ",
		"/type":                        "enum ",
		"/enabled":                     "type ",
		"/locale":                      "pattern ",
		"/taxCertificate/companyName":  "required ",
		"/taxCertificate/taxAuthority": "required ",
		"/taxCertificate/startDate":    "required ",
		"/taxCertificate/endDate":      "required ",
		"/taxCertificate/fileId":       "required ",
	}
	if len(got) != len(want) {
		t.Errorf("got problems at %v, want %v", got, want)
	}
	for ptr, rule := range want {
		if got[ptr] != rule {
			t.Errorf("at %s: got rules %q, want %q", ptr, got[ptr], rule)
		}
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "api: 9 problems: ") || !strings.Contains(msg, "and 6 more") {
		t.Errorf("Error() = %q, want a summary of 9 problems", msg)
	}
}

// TestDirection checks that readOnly binds requests, and only them.
func TestDirection(t *testing.T) {
	order := []byte(`{"id": "ord_1", "totalAmount": 10, "email": "a@b.co"}`)
	tests := []struct {
		dir       api.Direction
		readOnlys int
	}{
		{api.AnyDirection, 0},
		{api.InResponse, 0},
		{api.InRequest, 2}, // id and totalAmount
	}
	for _, tt := range tests {
		t.Run(tt.dir.String(), func(t *testing.T) {
			err := api.ValidateSchema("Order", tt.dir, order)
			if tt.readOnlys == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ps := problemsOf(t, err)
			n := 0
			for _, p := range ps {
				if p.Rule == "readOnly" {
					n++
				}
			}
			if n != tt.readOnlys {
				t.Errorf("got %d readOnly problems, want %d: %v", n, tt.readOnlys, ps)
			}
		})
	}
}

// TestFormats checks the formats kin-openapi leaves unchecked by default.
func TestFormats(t *testing.T) {
	tests := []struct {
		schema, body string
		valid        bool
	}{
		{"Customer", `{"id": "c", "email": "jsmith@digitalriver.com"}`, true},
		{"Customer", `{"id": "c", "email": "j.smith+tag@mail.example.co.uk"}`, true},
		{"Customer", `{"id": "c", "email": "jsmith"}`, false},
		{"Customer", `{"id": "c", "email": "Jane <jsmith@digitalriver.com>"}`, false},
		{"Customer", `{"id": "c", "email": "jsmith@"}`, false},
		{"Customer", `{"id": "c", "email": ""}`, false},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25T20:36:00Z"}`, true},
		{"Customer", `{"id": "c", "createdTime": "2020-05-21T00:00:00-05:00"}`, true},
		{"Customer", `{"id": "c", "createdTime": "2025-05-01T22:35:24.486Z"}`, true},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25"}`, false},
		{"Customer", `{"id": "c", "createdTime": "2018-13-25T20:36:00Z"}`, false},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25T20:36:00"}`, false},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25t20:36:00z"}`, true},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25T24:36:00Z"}`, false},
		{"Customer", `{"id": "c", "createdTime": "2018-04-25T20:36:00+5:00"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			err := api.ValidateSchema(tt.schema, api.InResponse, []byte(tt.body))
			if tt.valid && err != nil {
				t.Errorf("want valid, got %v", err)
			}
			if !tt.valid {
				ps := problemsOf(t, err)
				if ps[0].Rule != "format" {
					t.Errorf("want a format problem, got %+v", ps[0])
				}
			}
		})
	}
}

// TestUnknownNames checks that a wrong name gets an error that lists the
// right ones.
func TestUnknownNames(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		sentinel error
		lists    string
	}{
		{"schema", api.ValidateSchema("Ordr", api.AnyDirection, []byte(`{}`)), api.ErrUnknownSchema, "OrderRequest"},
		{"operation", api.ValidateResponseBody("getOrdr", 0, []byte(`{}`)), api.ErrUnknownOperation, "getOrder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.sentinel) {
				t.Fatalf("got %v, want %v", tt.err, tt.sentinel)
			}
			if !strings.Contains(tt.err.Error(), tt.lists) {
				t.Errorf("%q does not list %s", tt.err, tt.lists)
			}
		})
	}
}

// TestValidateOperationBodies checks operations without the asked body, and
// explicit statuses.
func TestValidateOperationBodies(t *testing.T) {
	tests := []struct {
		name    string
		op      string
		dir     api.Direction
		status  int
		body    string
		wantErr string // "" for valid; "problem" for a *ValidationError
	}{
		{"no request body, none given", "getOrder", api.InRequest, 0, "", ""},
		{"no request body, one given", "getOrder", api.InRequest, 0, `{}`, "problem"},
		{"204, empty", "deleteCustomer", api.InResponse, 0, "", ""},
		{"204 with a body", "deleteCustomer", api.InResponse, 204, `{"id": "x"}`, "problem"},
		{"404 error body", "getOrder", api.InResponse, 404, `{"type": "not_found", "errors": [{"code": "not_found", "message": "no"}]}`, ""},
		{"404 with an order", "getOrder", api.InResponse, 404, `{"id": "ord_1"}`, "problem"},
		{"status not in the contract", "getOrder", api.InResponse, 418, `{}`, "no response with status 418"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateOperation(tt.op, tt.dir, tt.status, []byte(tt.body))
			switch tt.wantErr {
			case "":
				if err != nil {
					t.Errorf("want valid, got %v", err)
				}
			case "problem":
				problemsOf(t, err)
			default:
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got %v, want an error saying %q", err, tt.wantErr)
				}
			}
		})
	}
}

// TestAdditionalProperties checks that an unknown property is reported at
// its own pointer, with a schema that forbids others.
func TestAdditionalProperties(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Strict:
      type: object
      additionalProperties: false
      properties:
        inner:
          type: object
          additionalProperties: false
          properties:
            a: {type: string}
`))
	if err != nil {
		t.Fatal(err)
	}
	value := map[string]any{"inner": map[string]any{"a": "x", "b/c": 2.0}}
	ps := problemsOf(t, kinschema.ValidateValue(doc.Components.Schemas["Strict"].Value, kinschema.Direction(api.AnyDirection), value))
	if len(ps) != 1 || ps[0].Pointer != "/inner/b~1c" || ps[0].Rule != "additionalProperties" || ps[0].Found != "2" {
		t.Errorf("got %+v", ps)
	}
}
