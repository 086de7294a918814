package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/oasdiff/oasdiff/checker"
)

// TestBreaking compares the contract with changed copies of itself.
func TestBreaking(t *testing.T) {
	tests := []struct {
		name         string
		replacements []string
		code         int
		id           string // a change id the report must carry; "" for none at all
	}{
		{"unchanged", nil, exitOK, ""},
		{"optional response property removed",
			[]string{"        checkoutId:\n          type: string\n          description: The checkout the order was created from.\n          example: \"5823594809\"\n", ""},
			exitFailed, "response-optional-property-removed"},
		{"optional response property added",
			[]string{"    Order:\n      type: object\n      description: An order, as the API returns it.\n      required: [id]\n      properties:\n",
				"    Order:\n      type: object\n      description: An order, as the API returns it.\n      required: [id]\n      properties:\n        giftMessage:\n          type: string\n          description: A message for the recipient.\n"},
			exitOK, ""},
		{"operation removed",
			[]string{"    delete:\n      operationId: detachCustomerSource", "    x-delete:\n      operationId: detachCustomerSource"},
			exitFailed, "api-removed-without-deprecation"},
		{"query parameter made required",
			[]string{"        - name: customerId\n          in: query\n", "        - name: customerId\n          in: query\n          required: true\n"},
			exitFailed, "request-parameter-became-required"},
		{"enum value removed from a response",
			[]string{"      enum: [pending, not_valid, verified]", "      enum: [pending, verified]"},
			exitFailed, "response-property-enum-value-removed"},
		{"property type changed",
			[]string{"        creditAmount:\n          type: number\n          format: double\n          description: The total amount of credit extended to the customer.",
				"        creditAmount:\n          type: string\n          description: The total amount of credit extended to the customer."},
			exitFailed, "response-property-type-changed"},
		{"schema removed",
			[]string{"    CustomerCredit:\n      type: object\n      description: The details of a customer credit source; it has none of its own.\n", "",
				"        customerCredit:\n          $ref: \"#/components/schemas/CustomerCredit\"\n", ""},
			exitFailed, "api-schema-removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := specWith(t)
			rev := specWith(t, tt.replacements...)
			r := runTool(t, "", "breaking", "--format", "json", old, rev)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			var rep struct {
				Changes []breakingChange
				Failed  bool
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.stdout)
			}
			if tt.id == "" {
				if len(rep.Changes) != 0 {
					t.Errorf("want no change, got %+v", rep.Changes)
				}
				return
			}
			for _, c := range rep.Changes {
				if c.ID == tt.id && c.Level == "error" {
					return
				}
			}
			t.Errorf("no error %s in %+v", tt.id, rep.Changes)
		})
	}
}

// TestBreakingOverridesExist guards the level overrides: oasdiff exits the
// process on an id it does not know, so each must be one of its rules.
func TestBreakingOverridesExist(t *testing.T) {
	known := checker.GetAllRuleIds()
	for _, o := range breakingOverrides {
		if !slices.Contains(known, o.id) {
			t.Errorf("oasdiff has no rule %q", o.id)
		}
	}
}

func TestBreakingTextAndGitHub(t *testing.T) {
	old := specWith(t)
	rev := specWith(t, "        checkoutId:\n          type: string\n          description: The checkout the order was created from.\n          example: \"5823594809\"\n", "")
	r := runTool(t, "", "breaking", old, rev)
	if r.code != exitFailed || !strings.Contains(r.stdout, "GET /orders/{id}: removed the optional property `checkoutId`") ||
		!strings.Contains(r.stdout, "4 breaking, 0 warnings") {
		t.Errorf("text: exit %d\n%s", r.code, r.stdout)
	}
	r = runTool(t, "", "breaking", "--format", "github", old, rev)
	if r.code != exitFailed || !strings.Contains(r.stdout, "::error file=") || !strings.Contains(r.stdout, "title=breaking change%3A response-optional-property-removed::") {
		t.Errorf("github: exit %d\n%s", r.code, r.stdout)
	}
}

func TestBreakingUsage(t *testing.T) {
	spec := specWith(t)
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"one spec", []string{spec}, "two specs"},
		{"missing spec", []string{spec, spec + ".nope"}, "load"},
		{"bad fail-on", []string{"--fail-on", "info", spec, spec}, "error or warning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runTool(t, "", append([]string{"breaking"}, tt.args...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d, want 2 saying %q\n%s", r.code, tt.says, r.stderr)
			}
		})
	}
}
