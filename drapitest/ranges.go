package drapitest

import (
	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
)

// The range filters of listOrders and listCustomers (createdTime[gte]=...,
// totalAmount[lt]=..., accepted[gte]=...). Each bound given must hold; an
// object without the field matches no range.

// inTimeRange reports whether t is in r; every t is in a nil r.
func inTimeRange(r *gen.TimeRange, t *drapi.Time) bool {
	if r == nil {
		return true
	}
	if t == nil {
		return false
	}
	at := t.Time
	bound := func(b *drapi.Time, ok func(c int) bool) bool { return b == nil || ok(at.Compare(b.Time)) }
	return bound(r.Eq, func(c int) bool { return c == 0 }) &&
		bound(r.Gt, func(c int) bool { return c > 0 }) &&
		bound(r.Gte, func(c int) bool { return c >= 0 }) &&
		bound(r.Lt, func(c int) bool { return c < 0 }) &&
		bound(r.Lte, func(c int) bool { return c <= 0 })
}

// inAmountRange reports whether x is in r; every x is in a nil r.
func inAmountRange(r *gen.AmountRange, x *float64) bool {
	if r == nil {
		return true
	}
	if x == nil {
		return false
	}
	v := *x
	return (r.Eq == nil || v == *r.Eq) && (r.Gt == nil || v > *r.Gt) && (r.Gte == nil || v >= *r.Gte) &&
		(r.Lt == nil || v < *r.Lt) && (r.Lte == nil || v <= *r.Lte)
}

// orderRangesMatch reports whether an order is in every range filter of p.
func orderRangesMatch(p *gen.ListOrdersParams, o *gen.Order) bool {
	st := o.StateTransitions
	if st == nil {
		st = &gen.OrderStateTransitions{}
	}
	ft := o.FraudStateTransitions
	if ft == nil {
		ft = &gen.FraudStateTransitions{}
	}
	return inTimeRange(p.CreatedTime, o.CreatedTime) && inTimeRange(p.UpdatedTime, o.UpdatedTime) &&
		inAmountRange(p.TotalAmount, o.TotalAmount) &&
		inTimeRange(p.Accepted, st.Accepted) && inTimeRange(p.Blocked, st.Blocked) &&
		inTimeRange(p.Cancelled, st.Cancelled) && inTimeRange(p.Complete, st.Complete) &&
		inTimeRange(p.Fulfilled, st.Fulfilled) && inTimeRange(p.InReview, st.InReview) &&
		inTimeRange(p.PendingPayment, st.PendingPayment) && inTimeRange(p.Returned, st.Returned) &&
		inTimeRange(p.FraudBlocked, ft.Blocked) && inTimeRange(p.FraudPassed, ft.Passed) &&
		inTimeRange(p.FraudReviewOpened, ft.ReviewOpened)
}
