package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/drapi-go/drapi/gen"
)

// FindByCheckoutID returns the newest order made from the checkout
// checkoutID, or an error matching ErrNotFound when there is none. Use it
// after Create failed with ErrOrderExists or ErrOutcomeUnknown.
// API: GET /orders?checkoutId={checkoutID}
func (s *OrdersService) FindByCheckoutID(ctx context.Context, checkoutID string) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Orders.FindByCheckoutID", "checkoutID", checkoutID); err != nil {
		return nil, err
	}
	return s.findOrder(ctx, &noOrder{"Orders.FindByCheckoutID", "checkoutId", checkoutID},
		&gen.ListOrdersParams{CheckoutID: new(checkoutID), Limit: new(maxLimit)},
		func(o *gen.Order) bool { return o.CheckoutID != nil && *o.CheckoutID == checkoutID })
}

// findOrder returns the newest order of the page params asks for that
// match accepts. When the listing worked and no order matches, the error
// is none.
func (s *OrdersService) findOrder(ctx context.Context, none *noOrder, params *gen.ListOrdersParams, match func(*gen.Order) bool) (*gen.Order, error) {
	l, err := s.list(ctx, params)
	if err != nil {
		return nil, err
	}
	for i := range l.Data {
		if o := &l.Data[i]; match(o) {
			return o, nil
		}
	}
	return nil, none
}

// noOrder is the error of a lookup whose listing worked and held no order
// that matched: unlike a failed listing (an *APIError 404 from a proxy,
// say), it shows that the order is not there.
type noOrder struct{ where, field, value string }

// Error names the lookup and what it looked for.
func (e *noOrder) Error() string {
	return fmt.Sprintf("drapi: %s: no order has %s %q: %v", e.where, e.field, e.value, ErrNotFound)
}

// Is matches ErrNotFound.
func (e *noOrder) Is(target error) bool { return target == ErrNotFound }

// CreateOrFind creates the order req describes or, when an earlier attempt
// already made it, returns that order. req needs a CheckoutID or an
// UpstreamID to recognise the order by. It is the recovery Create's rules
// call for:
//
//   - Without a CheckoutID, the order is first looked up by upstreamId, so
//     that an order made by an earlier call (whose answer was lost) is
//     returned, not made again: only the API's checkoutId rule would refuse
//     a second one. Found: that order; a failed lookup: its error.
//   - Create succeeds: its order.
//   - Create fails with ErrOrderExists (the checkoutId already became an
//     order), with a *DecodeError (the API answered 2xx, so the order was
//     made, but its body did not decode) or with ErrOutcomeUnknown (the
//     request may have been carried out): the order is looked up by
//     checkoutId, else by upstreamId (an order of another checkoutId is not
//     it). Found: that order. Not found after ErrOutcomeUnknown: the first
//     request was not carried out, and Create is tried once more (with a
//     checkoutId the API itself refuses a second order, and CreateOrFind
//     looks again). Create is never tried again when the lookup itself
//     failed, or after a 2xx.
//   - Any other error, ErrDeclined included, is returned as is: a declined
//     order needs a new checkout, not another attempt.
//
// With an upstreamId alone, an order the API made but does not list yet
// could be made twice; send the checkoutId when there is one.
// API: POST /orders, then GET /orders?checkoutId=... or ?upstreamIds=...
// (without a checkoutId, GET /orders?upstreamIds=... first)
func (s *OrdersService) CreateOrFind(ctx context.Context, req gen.OrderRequest) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if empty(req.CheckoutID) && empty(req.UpstreamID) {
		return nil, errors.New("drapi: Orders.CreateOrFind: req has neither CheckoutID nor UpstreamID, so an order made by an earlier attempt could not be recognised")
	}
	if empty(req.CheckoutID) {
		found, err := s.findCreated(ctx, req)
		if _, none := errors.AsType[*noOrder](err); !none {
			if err != nil {
				return nil, fmt.Errorf("drapi: Orders.CreateOrFind: looking for an order made earlier: %w", err)
			}
			return found, nil
		}
	}
	for attempt := 1; ; attempt++ {
		o, err := s.Create(ctx, req)
		if err == nil {
			return o, nil
		}
		// A 2xx made the order, whatever its body said.
		_, made := errors.AsType[*DecodeError](err)
		exists := made || errors.Is(err, ErrOrderExists)
		if !exists && !errors.Is(err, ErrOutcomeUnknown) {
			return nil, err
		}
		found, ferr := s.findCreated(ctx, req)
		_, none := errors.AsType[*noOrder](ferr)
		switch {
		case ferr == nil:
			return found, nil
		case !none:
			return nil, fmt.Errorf("drapi: Orders.CreateOrFind: looking for the order after %w: %w", err, ferr)
		case exists || attempt == 2:
			return nil, fmt.Errorf("drapi: Orders.CreateOrFind: the order is not listed after %w", err)
		}
		// Listed nowhere after an unknown outcome: not made, create it once more.
	}
}

// findCreated looks up the order req made, by checkoutId then upstreamId.
// Found by upstreamId, an order made from another checkout (an earlier
// checkout of the same cart, say) is not the one req made.
func (s *OrdersService) findCreated(ctx context.Context, req gen.OrderRequest) (*gen.Order, error) {
	if !empty(req.CheckoutID) {
		o, err := s.FindByCheckoutID(ctx, *req.CheckoutID)
		if _, none := errors.AsType[*noOrder](err); !none || empty(req.UpstreamID) {
			return o, err
		}
	}
	up := *req.UpstreamID
	return s.findOrder(ctx, &noOrder{"Orders.FindByUpstreamID", "upstreamId", up},
		&gen.ListOrdersParams{UpstreamIDs: []string{up}, Limit: new(maxLimit)},
		func(o *gen.Order) bool {
			return o.UpstreamID != nil && *o.UpstreamID == up &&
				(empty(req.CheckoutID) || o.CheckoutID != nil && *o.CheckoutID == *req.CheckoutID)
		})
}

// empty reports whether an optional string is absent or "".
func empty(p *string) bool { return p == nil || *p == "" }
