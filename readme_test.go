package drapi_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// TestReadmeOperations keeps the README's table of operations true to the
// contract: one row per operation of gen's table, with its method, path,
// request schema, success status and response schema.
func TestReadmeOperations(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	// | createCustomer | `POST /customers` (`CustomerRequest`) | 201 `Customer` |
	row := regexp.MustCompile("(?m)^\\| (\\w+) \\| `(\\w+) ([^`]+)`(?: \\(`(\\w+)`\\))? \\| (\\d{3})(?: `(\\w+)`)? \\|$")
	rows := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		rows[m[1]] = fmt.Sprintf("%s %s (%s) %s %s", m[2], m[3], m[4], m[5], m[6])
	}
	for _, op := range gen.Operations() {
		got, ok := rows[string(op.ID)]
		want := fmt.Sprintf("%s %s (%s) %d %s", op.Method, op.Path, op.RequestSchema, op.SuccessStatus, op.ResponseSchema)
		if !ok || got != want {
			t.Errorf("README's row for %s says %q, the contract %q", op.ID, got, want)
		}
		delete(rows, string(op.ID))
	}
	for id := range rows {
		t.Errorf("README lists %s, which the contract does not have", id)
	}
}
