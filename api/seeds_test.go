package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// TestSeedFixtures holds every normalized seed fixture to its operation's
// request or success response.
func TestSeedFixtures(t *testing.T) {
	files, err := filepath.Glob("../testdata/seeds/normalized/*.json")
	if err != nil || len(files) != 13 {
		t.Fatalf("want the 13 seed fixtures, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			op, kind, _ := strings.Cut(strings.TrimSuffix(filepath.Base(f), ".json"), ".")
			dir := api.InResponse
			if kind == "request" {
				dir = api.InRequest
			}
			if err := validateOperation(op, dir, 0, data); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		})
	}
}
