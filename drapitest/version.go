package drapitest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// Headers of the live API the fake reads and writes.
const (
	headerVersion   = "DigitalRiver-Version"
	headerRequestID = "x-dr-requestid"
)

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

// version returns the API version a request asks for, or the fake's default.
func (f *Fake) version(r *http.Request) string {
	if v := r.Header.Get(headerVersion); v != "" {
		return v
	}
	return f.cfg.apiVersion
}

// versionKey is the context key of the version a request is answered in.
type versionKey struct{}

// withVersion returns ctx carrying the version v.
func withVersion(ctx context.Context, v string) context.Context {
	return context.WithValue(ctx, versionKey{}, v)
}

// versionOf returns the version ctx carries, or DefaultAPIVersion.
func versionOf(ctx context.Context) string {
	if v, _ := ctx.Value(versionKey{}).(string); v != "" {
		return v
	}
	return DefaultAPIVersion
}

// newRequestID returns the x-dr-requestid of a new request: unique per
// request of this fake, and the same from run to run.
func (f *Fake) newRequestID() string {
	n := f.nReq.Add(1)
	return fmt.Sprintf("drt-%08x-%04x-4000-8000-%012x", uint32(n*2654435761), uint16(n>>32), n)
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
