package client

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/gen"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-3", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999", 365 * 24 * time.Hour, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true}, // in the past: retry now
		{"Sat, 01 Mar 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Saturday, 01-Mar-25 12:00:30 GMT", 30 * time.Second, true}, // RFC 850
		{"Sat Mar  1 12:00:30 2025", 30 * time.Second, true},         // ANSI C
	}
	for _, tc := range tests {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	base, maxWait := 100*time.Millisecond, time.Second
	for attempt, nominal := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		nominal *= time.Millisecond
		for range 200 {
			d := backoff(base, maxWait, attempt)
			if d < nominal/2 || d > nominal {
				t.Fatalf("backoff(attempt %d) = %v, want within [%v, %v]", attempt, d, nominal/2, nominal)
			}
		}
	}
	if d := backoff(base, maxWait, 1000); d < maxWait/2 || d > maxWait {
		t.Errorf("backoff after many attempts = %v, want capped at %v", d, maxWait)
	}
	// Jitter: not every wait is the same.
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[backoff(base, maxWait, 3)] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct waits in 50: no jitter", len(seen))
	}
}

// The default limit depends on the key, and is off for a loopback fake.
func TestDefaultRateByKey(t *testing.T) {
	tests := []struct {
		key   string
		opts  []Option
		limit rate.Limit
		burst int
	}{
		{"sk_test_abc", nil, 25, 25},
		{"sk_live_abc", nil, 250, 250},
		{"sk_other", nil, 250, 250},
		{"sk_test_abc", []Option{WithRateLimit(5, 2)}, 5, 2},
		{"sk_test_abc", []Option{WithBaseURL("http://127.0.0.1:8080/v1")}, rate.Inf, 250},
		{"sk_live_abc", []Option{WithBaseURL("http://localhost:9")}, rate.Inf, 250},
		{"sk_test_abc", []Option{WithBaseURL("https://staging.example.com")}, 25, 25},
		{"sk_test_abc", []Option{WithBaseURL("http://[::1]:8080"), WithRateLimit(5, 2)}, 5, 2},
	}
	for _, tc := range tests {
		c, err := New(tc.key, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if l, b := c.c.limiter.Limit(), c.c.limiter.Burst(); l != tc.limit || b != tc.burst {
			t.Errorf("%s %d options: limit %v burst %d, want %v, %d", tc.key[:8], len(tc.opts), l, b, tc.limit, tc.burst)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("é", 300) // 600 bytes of 2-byte runes
	s := snippet(long)
	if len(s) > snippetLen+3 || !strings.HasSuffix(s, "...") || strings.ContainsRune(s, '\uFFFD') {
		t.Errorf("snippet of a long body = %q (%d bytes)", s, len(s))
	}
	if got := snippet("a\r\n\tb   c"); got != "a b c" {
		t.Errorf("snippet folds white space: got %q", got)
	}
	if got := snippet("\xff\xfe"); got != "\uFFFD" {
		t.Errorf("snippet of invalid UTF-8 = %q", got)
	}
	if got := snippet("<h1>\x1b[2Jdown\x07</h1>"); got != `<h1>\x1b[2Jdown\a</h1>` {
		t.Errorf("snippet of a body with terminal escapes = %q", got)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.digitalriver.com":     "https://api.digitalriver.com/",
		"https://api.digitalriver.com/v1":  "https://api.digitalriver.com/v1/",
		"https://api.digitalriver.com/v1/": "https://api.digitalriver.com/v1/",
		"http://127.0.0.1:8080/v1//":       "http://127.0.0.1:8080/v1/",
		" http://localhost:1 ":             "http://localhost:1/",
	} {
		if got, err := checkBaseURL(in); err != nil || got != want {
			t.Errorf("checkBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestCloneParamsDeep: the params All copies share no pointer or slice with
// the caller's, for every field gen has now or adds later.
func TestCloneParamsDeep(t *testing.T) {
	var cust gen.ListCustomersParams
	var ord gen.ListOrdersParams
	fillAll(&cust)
	fillAll(&ord)
	sharesNothing(t, &cust, cloneParams(&cust))
	sharesNothing(t, &ord, cloneParams(&ord))
}

// fillAll sets every pointer and slice field of the struct *p.
func fillAll(p any) {
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		}
	}
}

// sharesNothing fails for each pointer or slice field of *orig that clone
// holds too.
func sharesNothing(t *testing.T, orig, clone any) {
	t.Helper()
	o, c := reflect.ValueOf(orig).Elem(), reflect.ValueOf(clone)
	for i := range o.NumField() {
		switch of, cf := o.Field(i), c.Field(i); of.Kind() {
		case reflect.Pointer, reflect.Slice:
			if of.UnsafePointer() == cf.UnsafePointer() {
				t.Errorf("%s.%s is shared with the caller's params", o.Type().Name(), o.Type().Field(i).Name)
			}
		}
	}
}

// TestClean checks what clean does to text from the server.
func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text é", "plain text é"},
		{"a\r\nb", `a\r\nb`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"rtl\u202egnp.exe", `rtl\u202egnp.exe`},
		{"bad \xff byte", `bad \xff byte`},
		{"\uFFFD kept", "\uFFFD kept"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, 40); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := clean(strings.Repeat("x", 20), 10); got != strings.Repeat("x", 7)+"..." {
		t.Errorf("clean cuts to %q, want 7 x and ...", got)
	}
	if got := clean("\x1b\x1b\x1b", 9); got != `\x1b...` {
		t.Errorf("clean cuts between escapes: %q", got)
	}
	for _, s := range []string{"a\r\nb", strings.Repeat("\x1b", 50)} {
		once := clean(s, 40)
		if clean(once, 40) != once {
			t.Errorf("clean(clean(%q)) changed it", s)
		}
	}
}
