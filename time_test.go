package drapi_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime"

	"github.com/drapi-go/drapi"
)

func TestTimeJSON(t *testing.T) {
	tests := []struct {
		name, in, want string // want: RFC 3339 re-encoding
	}{
		{"utc", `"2018-04-25T20:36:00Z"`, `"2018-04-25T20:36:00Z"`},
		{"fraction", `"2025-05-01T22:35:24.486Z"`, `"2025-05-01T22:35:24.486Z"`},
		{"offset", `"2020-05-21T00:00:00-05:00"`, `"2020-05-21T00:00:00-05:00"`},
		{"java utc", `{"offset":{"totalSeconds":0,"id":"Z"},"nano":0,"year":2018,"monthValue":4,"dayOfMonth":25,"hour":20,"minute":36,"second":0,"dayOfWeek":"WEDNESDAY","month":"APRIL"}`, `"2018-04-25T20:36:00Z"`},
		{"java offset", `{"offset":{"totalSeconds":-18000,"id":"-05:00"},"nano":0,"year":2021,"monthValue":5,"dayOfMonth":20,"hour":11,"minute":59,"second":59}`, `"2021-05-20T11:59:59-05:00"`},
		{"java nanos", `{"offset":{"totalSeconds":3600},"nano":486000000,"year":2025,"monthValue":5,"dayOfMonth":1,"hour":22,"minute":35,"second":24}`, `"2025-05-01T22:35:24.486+01:00"`},
		{"java no offset is UTC", `{"year":2018,"monthValue":4,"dayOfMonth":25,"hour":20,"minute":36}`, `"2018-04-25T20:36:00Z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v drapi.Time
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatalf("decode %s: %v", tt.in, err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("encoded %s, want %s", out, tt.want)
			}
		})
	}
}

func TestTimeJSONErrors(t *testing.T) {
	for _, in := range []string{
		`"yesterday"`, `"2018-04-25"`, `12345`, `true`, `[]`, `{}`,
		`{"year":2018,"monthValue":13,"dayOfMonth":1}`,
		`{"year":2018,"monthValue":4,"dayOfMonth":25,"hour":24}`,
		`{"year":"2018"}`, `"2018-04-25T20:36:00Z`,
	} {
		var v drapi.Time
		err := json.Unmarshal([]byte(in), &v)
		if err == nil {
			t.Errorf("%s decoded to %v, want an error", in, v)
		}
	}
}

// A timestamp inside a struct: null and absence leave it unset, and the
// time of day survives the round trip.
func TestTimeAsField(t *testing.T) {
	type doc struct {
		At  drapi.Time  `json:"at"`
		Opt *drapi.Time `json:"opt,omitempty"`
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"at":"2018-04-25T20:36:07.5Z","opt":null}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.Opt != nil || d.At.Hour() != 20 || d.At.Second() != 7 || d.At.Nanosecond() != 5e8 {
		t.Fatalf("decoded %+v", d)
	}
	out, _ := json.Marshal(d)
	if string(out) != `{"at":"2018-04-25T20:36:07.5Z"}` {
		t.Errorf("encoded %s", out)
	}
}

// The oapi-codegen runtime formats and binds Time as a full date-time in
// query and path parameters, not as a date (the calls are the ones the
// generated client and server make).
func TestTimeAsParameter(t *testing.T) {
	want := drapi.NewTime(time.Date(2018, 4, 25, 20, 36, 7, 0, time.FixedZone("", -5*3600)))

	q, err := runtime.StyleParamWithOptions("form", true, "since", want, runtime.StyleParamOptions{
		ParamLocation: runtime.ParamLocationQuery, Type: "string", Format: "date-time",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q, "20%3A36%3A07") {
		t.Errorf("query parameter %q lost the time of day", q)
	}
	values, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	var gotQ drapi.Time
	if err := runtime.BindQueryParameter("form", true, true, "since", values, &gotQ); err != nil {
		t.Fatal(err)
	}
	if !gotQ.Equal(want.Time) {
		t.Errorf("query round trip: got %v, want %v", gotQ, want)
	}

	p, err := runtime.StyleParamWithOptions("simple", false, "at", want, runtime.StyleParamOptions{
		ParamLocation: runtime.ParamLocationPath, Type: "string", Format: "date-time",
	})
	if err != nil {
		t.Fatal(err)
	}
	var gotP drapi.Time
	if err := runtime.BindStyledParameterWithOptions("simple", "at", p, &gotP, runtime.BindStyledParameterOptions{
		ParamLocation: runtime.ParamLocationPath, Explode: false, Required: true,
	}); err != nil {
		t.Fatalf("bind path %q: %v", p, err)
	}
	if !gotP.Equal(want.Time) {
		t.Errorf("path round trip via %q: got %v, want %v", p, gotP, want)
	}
}

func FuzzTimeUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2018-04-25T20:36:00Z"`, `{"year":2018,"monthValue":4,"dayOfMonth":25}`, `null`, `{"offset":{"totalSeconds":99999999}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v drapi.Time
		if err := v.UnmarshalJSON(b); err == nil {
			if _, err := v.MarshalJSON(); err != nil {
				t.Fatalf("decoded %q but cannot encode: %v", b, err)
			}
		}
	})
}
