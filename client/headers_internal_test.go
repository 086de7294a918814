package client

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestForwardedFor(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.43":              "for=192.0.2.43",
		"192.0.2.43:47011":        "for=192.0.2.43",
		"2001:db8:cafe::17":       `for="[2001:db8:cafe::17]"`,
		"[2001:db8:cafe::17]:443": `for="[2001:db8:cafe::17]"`,
		"::ffff:192.0.2.1":        "for=192.0.2.1",
		"fe80::1%eth0":            `for="[fe80::1]"`,
	} {
		got, err := forwardedFor(in)
		if err != nil || got != want {
			t.Errorf("forwardedFor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"unknown", "192.0.2.43\r\nX-Evil: 1", "192.0.2", "[::1", "for=1.2.3.4", " 1.2.3.4"} {
		if got, err := forwardedFor(bad); err == nil {
			t.Errorf("forwardedFor(%q) = %q, want an error", bad, got)
		}
	}
}

func TestShopperValues(t *testing.T) {
	ok := WithShopper(context.Background(), "sess_1-AZ.~", "")
	if sh := shopperOf(ok); sh.err != nil || sh.sessionID[0] != "sess_1-AZ.~" || sh.forwarded != nil {
		t.Errorf("valid session: %+v", sh)
	}
	for _, bad := range []string{"a\nb", "a\rb", "a\x00b", "é", " lead", "trail ", strings.Repeat("x", 257)} {
		if sh := shopperOf(WithShopper(context.Background(), bad, "")); sh.err == nil || !strings.Contains(sh.err.Error(), "sessionID") {
			t.Errorf("session %q accepted: %+v", bad, sh)
		}
	}
	if sh := shopperOf(WithShopper(context.Background(), "", "nope")); sh.err == nil || !strings.Contains(sh.err.Error(), "ip") {
		t.Errorf("ip nope accepted")
	}
	// editRequest refuses too, should a request be built with such a context.
	req, _ := http.NewRequest(http.MethodGet, "https://api.digitalriver.com/customers", nil)
	co := &core{key: newSecret("sk_test_x"), appIDHeader: []string{"a/1"}}
	if err := co.editRequest(WithShopper(context.Background(), "a\nb", ""), req); err == nil {
		t.Error("editRequest sent a session ID with a newline")
	}
}

func TestAPIVersionAndApplicationID(t *testing.T) {
	for _, v := range []string{"2021-12-13", "2020-09-30", "2024-02-29"} {
		if err := checkAPIVersion(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"", "2021-12-1", "2021-13-01", "2023-02-29", "2021/12/13", "2021-12-13\n", "latest"} {
		if checkAPIVersion(v) == nil {
			t.Errorf("version %q accepted", v)
		}
	}
	for suffix, want := range map[string]string{
		"":                           "drapi-go/1.2.3",
		"checkout-service/1.4":       "checkout-service/1.4",
		"checkout-service/1.4 (k8s)": "checkout-service/1.4",
		"(comment first) svc/2":      "drapi-go/1.2.3",
		"billing":                    "billing",
	} {
		if got := defaultApplicationID(suffix, "1.2.3"); got != want {
			t.Errorf("defaultApplicationID(%q) = %q, want %q", suffix, got, want)
		}
	}
	for _, bad := range []string{"", "a b/1", "a/1/2", "a/", "/1", "app/1\r\n"} {
		if checkProduct(bad) == nil {
			t.Errorf("application ID %q accepted", bad)
		}
	}
}

func TestUpstreamIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newUpstreamID()
		if len(id) != 36 || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) || seen[id] {
			t.Fatalf("upstream-id %q: not a fresh UUIDv4", id)
		}
		seen[id] = true
	}
}

func TestRequestIDHeaders(t *testing.T) {
	for _, tc := range []struct {
		h    http.Header
		want string
	}{
		{http.Header{"X-Dr-Requestid": {"dr-1"}, "X-Request-Id": {"proxy-1"}}, "dr-1"},
		{http.Header{"x-dr-requestid": {"dr-2"}}, "dr-2"}, // not canonicalized
		{http.Header{"X-Request-Id": {"proxy-3"}}, "proxy-3"},
		{http.Header{"X-Dr-Requestid": {""}, "X-Request-Id": {"proxy-4"}}, "proxy-4"},
		{http.Header{}, ""},
	} {
		if got := requestID(tc.h); got != tc.want {
			t.Errorf("requestID(%v) = %q, want %q", tc.h, got, tc.want)
		}
	}
}
