package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// The headers Digital River asks callers to send, logged and searchable on
// its side: DigitalRiver-Version pins the API version the code was written
// against; upstream-id names one logical call (the same on each of its
// retries); upstream-application-id names the calling application;
// upstream-session-id and forwarded name the shopper whose action caused the
// call.
const (
	headerVersion       = "Digitalriver-Version" // canonical form of DigitalRiver-Version
	headerUpstreamID    = "Upstream-Id"
	headerApplicationID = "Upstream-Application-Id"
	headerSessionID     = "Upstream-Session-Id"
	headerForwarded     = "Forwarded"
)

// maxHeaderValue bounds the values a caller gives for the upstream headers.
const maxHeaderValue = 256

// WithAPIVersion sends "DigitalRiver-Version: v" on every request, so the API
// answers in the shapes of version v (a date, YYYY-MM-DD, such as
// "2021-12-13") instead of the account's default version. gen.ContractVersion
// is the version the generated models follow. Without this option no header
// is sent and the account's default applies.
func WithAPIVersion(v string) Option {
	return func(c *config) error {
		if err := checkAPIVersion(v); err != nil {
			return fmt.Errorf("drapi: WithAPIVersion: %w", err)
		}
		c.apiVersion = v
		return nil
	}
}

// checkAPIVersion accepts a real calendar date written YYYY-MM-DD.
func checkAPIVersion(v string) error {
	if len(v) != len("2006-01-02") {
		return fmt.Errorf("version %q is not a date YYYY-MM-DD, such as \"2021-12-13\"", v)
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return fmt.Errorf("version %q is not a date YYYY-MM-DD, such as \"2021-12-13\"", v)
	}
	return nil
}

// WithUpstreamApplicationID sets the upstream-application-id header sent on
// every request: the calling application as "<application>/<version>", such
// as "checkout-service/1.4". The default is the first product token of
// WithUserAgent's suffix, or drapi's own ("drapi-go/<version>").
func WithUpstreamApplicationID(s string) Option {
	return func(c *config) error {
		if err := checkProduct(s); err != nil {
			return fmt.Errorf("drapi: WithUpstreamApplicationID: %w", err)
		}
		c.applicationID = s
		return nil
	}
}

// checkProduct accepts a product token, name or name/version, each made of
// the characters an HTTP token allows.
func checkProduct(s string) error {
	name, version, hasVersion := strings.Cut(s, "/")
	switch {
	case s == "":
		return fmt.Errorf("the application ID is empty; want <application>/<version>")
	case len(s) > maxHeaderValue:
		return fmt.Errorf("the application ID is %d bytes long, more than %d", len(s), maxHeaderValue)
	case !isToken(name) || (hasVersion && !isToken(version)):
		return fmt.Errorf("application ID %q: want <application>/<version>, each letters, digits or !#$%%&'*+-.^_`|~", s)
	}
	return nil
}

// isToken reports whether s is a non-empty HTTP token (RFC 9110 tchar).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// defaultApplicationID derives upstream-application-id from the User-Agent:
// the first product token of the caller's suffix, or drapi's own.
func defaultApplicationID(uaSuffix, version string) string {
	if first, _, _ := strings.Cut(uaSuffix, " "); checkProduct(first) == nil {
		return first
	}
	return "drapi-go/" + version
}

// shopperKey is the context key of the shopper WithShopper records.
type shopperKey struct{}

// shopper is what WithShopper records: the header values, or why they are
// not valid.
type shopper struct {
	sessionID []string // upstream-session-id, nil when not given
	forwarded []string // forwarded, nil when not given
	err       error
}

// WithShopper returns a copy of ctx that makes every call made with it carry
// the shopper whose action caused it: sessionID as upstream-session-id (the
// shopper's browser session) and ip as "forwarded: for=<ip>" (an IPv6
// address quoted and bracketed, as RFC 7239 wants). ip may be an address or
// an address and port, such as an http.Request's RemoteAddr (behind a load
// balancer that is the balancer's: give the shopper's address it reports);
// the port is not sent. Either may be "" to leave its header out.
//
// Values that cannot be sent safely (control characters, non-ASCII, leading
// or trailing spaces, more than 256 bytes, an ip that is not an IP address)
// make each call made with the context fail before anything is sent, with an
// error naming the argument.
func WithShopper(ctx context.Context, sessionID, ip string) context.Context {
	var sh shopper
	if err := checkHeaderValue(sessionID); err != nil {
		sh.err = fmt.Errorf("WithShopper: sessionID: %w", err)
	} else if sessionID != "" {
		sh.sessionID = []string{sessionID}
	}
	if ip != "" && sh.err == nil {
		if f, err := forwardedFor(ip); err != nil {
			sh.err = fmt.Errorf("WithShopper: ip: %w", err)
		} else {
			sh.forwarded = []string{f}
		}
	}
	return context.WithValue(ctx, shopperKey{}, &sh)
}

// shopperOf returns the shopper ctx carries, or nil.
func shopperOf(ctx context.Context) *shopper {
	sh, _ := ctx.Value(shopperKey{}).(*shopper)
	return sh
}

// checkHeaderValue accepts "" or printable ASCII without leading or trailing
// spaces, at most maxHeaderValue bytes: nothing that could end a header or
// start another.
func checkHeaderValue(v string) error {
	if len(v) > maxHeaderValue {
		return fmt.Errorf("%d bytes long, more than %d", len(v), maxHeaderValue)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c > 0x7e {
			return fmt.Errorf("%q has a control or non-ASCII character at byte %d", v, i)
		}
	}
	if strings.TrimSpace(v) != v {
		return fmt.Errorf("%q has leading or trailing spaces", v)
	}
	return nil
}

// forwardedFor returns the forwarded header value naming ip: for=192.0.2.1,
// or for="[2001:db8::1]" for IPv6. ip may carry a port ("192.0.2.1:5123",
// "[2001:db8::1]:443"), which is dropped, as is an IPv6 zone.
func forwardedFor(ip string) (string, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(ip)
		if err2 != nil {
			return "", fmt.Errorf("%q is not an IP address (or address:port)", ip)
		}
		addr = ap.Addr()
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is4() {
		return "for=" + addr.String(), nil
	}
	return `for="[` + addr.String() + `]"`, nil
}

// upstreamKey is the context key of a call's upstream-id.
type upstreamKey struct{}

// withUpstreamID returns ctx carrying id, the upstream-id of one call; each
// attempt of the call sends it.
func withUpstreamID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, upstreamKey{}, id)
}

// upstreamIDOf returns the upstream-id ctx carries, or "".
func upstreamIDOf(ctx context.Context) string {
	id, _ := ctx.Value(upstreamKey{}).(string)
	return id
}

// newUpstreamID returns a random version 4 UUID, the upstream-id of one call.
func newUpstreamID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
