package drapitest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// Headers of the live API the fake reads and writes, in the canonical form
// net/http keys them by.
const (
	headerVersion       = "Digitalriver-Version" // DigitalRiver-Version
	headerRequestID     = "X-Dr-Requestid"       // x-dr-requestid
	headerUpstreamID    = "Upstream-Id"
	headerApplicationID = "Upstream-Application-Id"
	headerSessionID     = "Upstream-Session-Id"
	headerForwarded     = "Forwarded"
)

// first returns the first value of the header with the canonical name key,
// without the allocation Header.Get makes for a key to canonicalize.
func first(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// DefaultAPIVersion is the API version a fake answers in when a request
// has no DigitalRiver-Version header and the fake was made without
// WithAPIVersion: the version the contract follows, gen.ContractVersion.
const DefaultAPIVersion = gen.ContractVersion

// PaymentVersion is the first API version whose orders carry their sources,
// charges and payment session under payment; earlier versions send them as
// the top-level sources, charges and paymentSessionId.
const PaymentVersion = "2021-03-23"

// WithAPIVersion sets the version the fake answers in when a request asks
// for none with DigitalRiver-Version, as an account's default version does;
// v is a date, YYYY-MM-DD. The default is DefaultAPIVersion.
func WithAPIVersion(v string) Option {
	return func(c *config) error {
		if !validVersion(v) {
			return fmt.Errorf("drapitest: WithAPIVersion(%q): want a date YYYY-MM-DD, such as %s", v, DefaultAPIVersion)
		}
		c.apiVersion = v
		return nil
	}
}

// validVersion reports whether v is a calendar date written YYYY-MM-DD.
func validVersion(v string) bool {
	_, err := time.Parse(time.DateOnly, v)
	return err == nil && len(v) == len(time.DateOnly)
}

// versionKey is the context key of the version a request is answered in.
type versionKey struct{}

// withVersion returns ctx carrying the version v.
func withVersion(ctx context.Context, v string) context.Context {
	return context.WithValue(ctx, versionKey{}, v)
}

// version returns the version of the request whose context is ctx: its
// DigitalRiver-Version, or the fake's default.
func (h *handlers) version(ctx context.Context) string {
	if v, _ := ctx.Value(versionKey{}).(string); v != "" {
		return v
	}
	return h.defaultVersion
}

// newRequestID returns the x-dr-requestid of a new request: drt- and 16 hex
// digits, unique per request of this fake and the same from run to run.
func (f *Fake) newRequestID() string {
	n := f.nReq.Add(1)
	var b [4 + 16]byte
	copy(b[:], "drt-")
	const hexDigits = "0123456789abcdef"
	x := n * 0x9e3779b97f4a7c15 // odd multiplier: distinct for distinct n
	for i := len(b) - 1; i >= 4; i-- {
		b[i] = hexDigits[x&0xf]
		x >>= 4
	}
	return string(b[:])
}

// Orders are stored with their payment in both shapes, under payment and in
// the top-level sources, charges and paymentSessionId; an answer keeps the
// shape of the version it is given in.

// withBothShapes completes a stored order's payment in the shape it lacks.
func withBothShapes(o *gen.Order) {
	p := o.Payment
	switch {
	case p == nil && (o.Sources != nil || o.Charges != nil || o.PaymentSessionID != nil):
		p = &gen.OrderPayment{Sources: o.Sources, Charges: o.Charges}
		if o.PaymentSessionID != nil {
			p.Session = &gen.PaymentSession{ID: o.PaymentSessionID}
		}
		o.Payment = p
	case p != nil && o.Sources == nil && o.Charges == nil && o.PaymentSessionID == nil:
		o.Sources, o.Charges = p.Sources, p.Charges
		if p.Session != nil {
			o.PaymentSessionID = p.Session.ID
		}
	}
}

// inVersion returns the order as version v sends it: payment from
// PaymentVersion on, the top-level fields before.
func inVersion(o gen.Order, v string) gen.Order {
	if v >= PaymentVersion {
		o.Sources, o.Charges, o.PaymentSessionID = nil, nil, nil
	} else {
		o.Payment = nil
	}
	return o
}

// withoutProductDetails returns the order with its items' productDetails
// left out, as getOrder answers without expand.
func withoutProductDetails(o gen.Order) gen.Order {
	if !hasProductDetails(o.Items) {
		return o
	}
	items := make([]gen.OrderItem, len(o.Items))
	for i, it := range o.Items {
		it.ProductDetails = nil
		items[i] = it
	}
	o.Items = items
	return o
}

func hasProductDetails(items []gen.OrderItem) bool {
	for _, it := range items {
		if it.ProductDetails != nil {
			return true
		}
	}
	return false
}
