package api_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/internal/kinschema"
	"github.com/getkin/kin-openapi/openapi3"
)

// suiteDiffers lists the cases of the JSON Schema test suite drapi judges
// otherwise on purpose, by format and data, with why. None today; an
// address whose domain has no dot (other than localhost) would be one,
// but the suite has no such case.
var suiteDiffers = map[string]map[string]string{}

// TestFormatSuite runs the JSON Schema test suite's date-time and email
// cases (testdata/, see its README) through the contract's formats, as a
// payload's strings are checked.
func TestFormatSuite(t *testing.T) {
	for _, format := range []string{"date-time", "email"} {
		data, err := os.ReadFile("testdata/" + format + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var groups []struct {
			Description string
			Tests       []struct {
				Description string
				Data        any
				Valid       bool
			}
		}
		if err := json.Unmarshal(data, &groups); err != nil {
			t.Fatal(err)
		}
		// Nullable: in OpenAPI 3.0 null is a value only where a schema says
		// so; the suite's JSON Schema allows it anywhere.
		schema := &openapi3.Schema{Format: format, Nullable: true}
		n := 0
		for _, g := range groups {
			for _, tc := range g.Tests {
				n++
				t.Run(format+"/"+tc.Description, func(t *testing.T) {
					if s, ok := tc.Data.(string); ok {
						if why, ok := suiteDiffers[format][s]; ok {
							t.Skip(why)
						}
					}
					err := kinschema.ValidateValue(schema, kinschema.Direction(api.AnyDirection), tc.Data)
					if (err == nil) != tc.Valid {
						t.Errorf("%s %#v: got %v, want valid %v", format, tc.Data, err, tc.Valid)
					}
				})
			}
		}
		if n < 20 {
			t.Errorf("%s: only %d cases: is testdata/%s.json the suite's?", format, n, format)
		}
	}
}
