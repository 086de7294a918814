package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi"
)

// specWith writes the real contract, changed by the replacements (old, new
// pairs, each of which must apply), to a temporary file.
func specWith(t *testing.T, replacements ...string) string {
	t.Helper()
	s := string(drapi.OpenAPI())
	for i := 0; i+1 < len(replacements); i += 2 {
		if !strings.Contains(s, replacements[i]) {
			t.Fatalf("the contract has no %q to replace", replacements[i])
		}
		s = strings.Replace(s, replacements[i], replacements[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintPassesOnTheContract(t *testing.T) {
	for _, args := range [][]string{{"lint"}, {"lint", "../../openapi.yaml"}} {
		r := runTool(t, "", args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "no findings") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestLintFindings breaks the contract one way at a time.
func TestLintFindings(t *testing.T) {
	tests := []struct {
		name         string
		replacements []string
		rule         string
		says         string
	}{
		{"broken example",
			[]string{"amount: 1180.26\n              owner:", "amount: lots\n              owner:"},
			"example", "createSource request body example does not match its schema: at /amount"},
		{"example with a bad e-mail",
			[]string{"                email: jsmith@digitalriver.com\n                address:", "                email: jsmith\n                address:"},
			"example", "/owner/email"},
		{"schema example of the wrong type",
			[]string{"          example: ord_5823594809", "          example: 5823594809"},
			"example", "components.schemas.Order.properties.id example"},
		{"no summary",
			[]string{"summary: Returns a list of customers", "summary: ''"},
			"summary", "GET /customers has no summary"},
		{"unresolved ref",
			[]string{`$ref: "#/components/schemas/CustomerList"`, `$ref: "#/components/schemas/CustomerLst"`},
			"ref", `"#/components/schemas/CustomerLst" resolves to nothing`},
		{"ref to an index that is not a number",
			[]string{`$ref: "#/components/schemas/CustomerList"`, `$ref: "#/paths/~1customers/get/parameters/0x"`},
			"ref", `"#/paths/~1customers/get/parameters/0x" resolves to nothing`},
		{"unused component",
			[]string{"  schemas:\n", "  schemas:\n    Leftover:\n      type: string\n"},
			"unused", "components.schemas.Leftover is never used"},
		{"no security",
			[]string{"      operationId: getSource\n      tags: [Sources]\n      summary: Gets a source by ID\n      description: Retrieves the details of a source by supplying its unique identifier.\n      security:\n        - bearerAuth: []",
				"      operationId: getSource\n      tags: [Sources]\n      summary: Gets a source by ID\n      description: Retrieves the details of a source by supplying its unique identifier.\n      security: []"},
			"security", "GET /sources/{id} has no security requirement"},
		{"no operationId",
			[]string{"      operationId: deleteCustomer\n", ""},
			"operationId", "DELETE /customers/{id} has no operationId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := specWith(t, tt.replacements...)
			r := runTool(t, "", "lint", "--format", "json", spec)
			if r.code != exitFailed {
				t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			var rep struct{ Findings []lintFinding }
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.stdout)
			}
			for _, f := range rep.Findings {
				if f.Rule == tt.rule && strings.Contains(f.Message, tt.says) {
					return
				}
			}
			t.Errorf("no %s finding saying %q in %+v", tt.rule, tt.says, rep.Findings)
		})
	}
}

func TestLintMissingErrorResponse(t *testing.T) {
	spec := specWith(t, `        "204":
          description: The customer was deleted.
          headers:
            x-dr-requestid: { $ref: "#/components/headers/RequestID" }
        "400": { $ref: "#/components/responses/BadRequest" }
        "401": { $ref: "#/components/responses/Unauthorized" }`,
		`        "204":
          description: The customer was deleted.
          headers:
            x-dr-requestid: { $ref: "#/components/headers/RequestID" }
        "400": { $ref: "#/components/responses/BadRequest" }`)
	r := runTool(t, "", "lint", spec)
	if r.code != exitFailed || !strings.Contains(r.stdout, "DELETE /customers/{id} lacks the shared error responses 401") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}

func TestLintReadOnlyInRequestExample(t *testing.T) {
	spec := specWith(t, "        shippingChoice:\n          amount: 5.95\n          description: 'USPS: Priority (1 day delivery)'\n          serviceLevel: Standard Ground\n        discount:",
		"        shippingChoice:\n          amount: 5.95\n          taxAmount: 1\n          description: 'USPS: Priority (1 day delivery)'\n          serviceLevel: Standard Ground\n        discount:")
	r := runTool(t, "", "lint", spec)
	if r.code != exitFailed || !strings.Contains(r.stdout, "/shippingChoice/taxAmount") || !strings.Contains(r.stdout, "readOnly") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}

func TestLintUnreadableSpec(t *testing.T) {
	r := runTool(t, "", "lint", filepath.Join(t.TempDir(), "none.yaml"))
	if r.code != exitUsage {
		t.Errorf("exit %d, want 2", r.code)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("openapi: [unclosed"), 0o644)
	if r := runTool(t, "", "lint", bad); r.code != exitFailed || !strings.Contains(r.stdout, "parse") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}

func TestLintGitHubFormat(t *testing.T) {
	spec := specWith(t, "summary: Returns a list of customers", "summary: ''")
	r := runTool(t, "", "lint", "--format", "github", spec)
	// The line of the operation: "get:" above its operationId.
	line := strings.Count(string(drapi.OpenAPI()[:strings.Index(string(drapi.OpenAPI()), "operationId: listCustomers")]), "\n")
	want := fmt.Sprintf("::error file=%s,line=%d,title=drapi lint%%3A summary::GET /customers has no summary", escapeGitHubProperty(spec), line)
	if r.code != exitFailed || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d\n%s\nwant a line\n%s", r.code, r.stdout, want)
	}
}
