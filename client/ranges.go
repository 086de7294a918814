package client

import (
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
)

// Range filters of the list operations in one expression, for the
// CreatedTime and UpdatedTime of gen.ListOrdersParams and
// gen.ListCustomersParams and the state-transition filters of
// gen.ListOrdersParams (Accepted, Fulfilled, FraudBlocked, ...):
//
//	params := &gen.ListOrdersParams{UpdatedTime: client.Since(checkpoint)}
//	params := &gen.ListOrdersParams{CreatedTime: client.Between(monday, tuesday)}
//
// They are sent as createdTime[gte]=2020-09-22T12:09:44Z and the like, in
// UTC. Build a gen.TimeRange or gen.AmountRange directly for the other
// bounds (Eq, Gt, Lte).

// Since is the range of times at or after t: {gte: t}.
func Since(t time.Time) *gen.TimeRange {
	return &gen.TimeRange{Gte: drapi.TimeOf(t.UTC())}
}

// Before is the range of times strictly before t: {lt: t}.
func Before(t time.Time) *gen.TimeRange {
	return &gen.TimeRange{Lt: drapi.TimeOf(t.UTC())}
}

// Between is the range of times at or after from and strictly before to:
// {gte: from, lt: to}, so consecutive ranges neither overlap nor leave gaps.
func Between(from, to time.Time) *gen.TimeRange {
	return &gen.TimeRange{Gte: drapi.TimeOf(from.UTC()), Lt: drapi.TimeOf(to.UTC())}
}
