package main

import (
	"strings"
	"testing"
	"time"
)

// TestBinaryRangeFlags: the date and amount range flags become the API's
// deepObject filters (createdTime[gte]=...), and a value that is no time
// names the flag and exits 2.
func TestBinaryRangeFlags(t *testing.T) {
	r := run{}.exec(t, "orders", "list", "--dry-run", "--created-after", "2024-05-01", "--created-before", "2024-06-01T12:00:00+02:00",
		"--updated-after", "2024-05-02T00:00:00Z", "--total-min", "10", "--total-max", "99.5")
	want := "GET https://api.digitalriver.com/orders?createdTime[gte]=2024-05-01T00%3A00%3A00Z&createdTime[lt]=2024-06-01T12%3A00%3A00%2B02%3A00" +
		"&updatedTime[gte]=2024-05-02T00%3A00%3A00Z&totalAmount[gte]=10&totalAmount[lte]=99.5"
	if r.code != 0 || !strings.Contains(r.stdout+r.stderr, want) {
		t.Errorf("exit %d, want the request line %s in:\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	r = run{}.exec(t, "customers", "list", "--dry-run", "--updated-before", "2024-05-01")
	if !strings.Contains(r.stdout+r.stderr, "/customers?updatedTime[lt]=2024-05-01T00%3A00%3A00Z") {
		t.Errorf("customers --updated-before: %s%s", r.stdout, r.stderr)
	}
	r = run{}.exec(t, "orders", "list", "--sandbox", "--created-after", "last tuesday")
	if r.code != 2 || !strings.Contains(r.stderr, "--created-after") || !strings.Contains(r.stderr, "is not a time") {
		t.Errorf("a bad time: exit %d, stderr %s", r.code, r.stderr)
	}
}

// TestParseWhen: RFC 3339, a date, and a duration or a number of days ago.
func TestParseWhen(t *testing.T) {
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2024-05-01T10:00:00+02:00": time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC),
		"2024-05-01":                time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		"24h":                       time.Date(2024, 6, 9, 12, 0, 0, 0, time.UTC),
		"7d":                        time.Date(2024, 6, 3, 12, 0, 0, 0, time.UTC),
	} {
		got, err := parseWhen(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-24h", "yesterday", "2024-13-01", "-3d"} {
		if _, err := parseWhen(in, now); err == nil {
			t.Errorf("parseWhen(%q) took it", in)
		}
	}
}
