package api_test

import (
	"encoding/json"
	"os"
	"strings"
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

// TestFormatsBeyondTheSuite checks what the issue asks and the suite does
// not cover: domains with edge hyphens or non-ASCII letters, a domain with
// no dot (drapi's own rule: the API wants a routable address), days that do
// not exist, and offsets with and without bounds.
func TestFormatsBeyondTheSuite(t *testing.T) {
	tests := []struct {
		format, value string
		valid         bool
	}{
		{"email", "joe@-example.com", false},
		{"email", "joe@example-.com", false},
		{"email", "joe@ex-ample.com", true},
		{"email", "joe@exämple.com", false},
		{"email", "jöe@example.com", false},
		{"email", "joe@example", false},
		{"email", "joe@localhost", true},
		{"email", `"joe\"quote"@example.com`, true},
		{"email", "joe@[IPv6:fe80::1%eth0]", false},
		{"email", strings.Repeat("a", 65) + "@example.com", false},
		{"date-time", "2020-02-29T00:00:00Z", true},
		{"date-time", "2021-02-29T00:00:00Z", false},
		{"date-time", "2021-04-31T00:00:00Z", false},
		{"date-time", "2021-01-01T00:00:00+23:59", true},
		{"date-time", "2021-01-01T00:00:00-23:59", true},
		{"date-time", "2021-01-01T00:00:00+24:00", false},
		{"date-time", "2021-01-01T00:00:00.Z", false},
		{"date-time", "2021-01-01T00:00:60+00:01", true}, // 23:59:60 UTC the day before
		{"date", "2020-02-29", true},
		{"date", "2021-02-29", false},
	}
	for _, tt := range tests {
		err := kinschema.ValidateValue(&openapi3.Schema{Format: tt.format}, kinschema.Direction(api.AnyDirection), tt.value)
		if (err == nil) != tt.valid {
			t.Errorf("%s %q: got %v, want valid %v", tt.format, tt.value, err, tt.valid)
		}
	}
}
