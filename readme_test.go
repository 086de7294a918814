package drapi_test

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

// TestReadmeOperations keeps the README's table of operations true to the
// contract: one row per operation of gen's table, with its method, path and
// success status.
func TestReadmeOperations(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (\\w+) \\| `(\\w+) ([^`]+)`[^|]*\\| (\\d{3})\\b")
	rows := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		rows[m[1]] = m[2:]
	}
	for _, op := range gen.Operations() {
		got, ok := rows[string(op.ID)]
		want := []string{op.Method, op.Path, strconv.Itoa(op.SuccessStatus)}
		if !ok || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("README's row for %s is %v, want %v", op.ID, got, want)
		}
		delete(rows, string(op.ID))
	}
	for id := range rows {
		t.Errorf("README lists %s, which the contract does not have", id)
	}
}
