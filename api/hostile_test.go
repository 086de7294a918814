package api_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// requestProblems validates data against the schema name as a request and
// returns its problems, failing on any other error.
func requestProblems(t *testing.T, name, data string) []api.Problem {
	t.Helper()
	err := api.ValidateSchema(context.Background(), name, api.InRequest, []byte(data))
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
	err := api.ValidateSchema(context.Background(), "OrderRequest", api.InRequest, badItems(n))
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
