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
	l, err := s.list(ctx, &gen.ListOrdersParams{CheckoutID: new(checkoutID), Limit: new(maxLimit)})
	if err != nil {
		return nil, err
	}
	for i := range l.Data {
		if o := &l.Data[i]; o.CheckoutID != nil && *o.CheckoutID == checkoutID {
			return o, nil
		}
	}
	return nil, fmt.Errorf("drapi: Orders.FindByCheckoutID: no order has checkoutId %q: %w", checkoutID, ErrNotFound)
}

// CreateOrFind creates the order req describes or, when an earlier attempt
// already made it, returns that order. req needs a CheckoutID or an
// UpstreamID to recognise the order by. It is the recovery Create's rules
// call for:
//
//   - Create succeeds: its order.
//   - Create fails with ErrOrderExists (the checkoutId already became an
//     order) or ErrOutcomeUnknown (the request may have been carried out):
//     the order is looked up by checkoutId, else by upstreamId. Found: that
//     order. Not found after ErrOutcomeUnknown: the first request was not
//     carried out, and Create is tried once more (with a checkoutId the API
//     itself refuses a second order, and CreateOrFind looks again).
//   - Any other error, ErrDeclined included, is returned as is: a declined
//     order needs a new checkout, not another attempt.
//
// With an upstreamId alone, an order the API made but does not list yet
// could be made twice; send the checkoutId when there is one.
// API: POST /orders, then GET /orders?checkoutId=... or ?upstreamIds=...
func (s *OrdersService) CreateOrFind(ctx context.Context, req gen.OrderRequest) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if empty(req.CheckoutID) && empty(req.UpstreamID) {
		return nil, errors.New("drapi: Orders.CreateOrFind: req has neither CheckoutID nor UpstreamID, so an order made by an earlier attempt could not be recognised")
	}
	for attempt := 1; ; attempt++ {
		o, err := s.Create(ctx, req)
		if err == nil {
			return o, nil
		}
		exists := errors.Is(err, ErrOrderExists)
		if !exists && !errors.Is(err, ErrOutcomeUnknown) {
			return nil, err
		}
		found, ferr := s.findCreated(ctx, req)
		switch {
		case ferr == nil:
			return found, nil
		case !errors.Is(ferr, ErrNotFound):
			return nil, fmt.Errorf("drapi: Orders.CreateOrFind: looking for the order after %w: %w", err, ferr)
		case exists || attempt == 2:
			return nil, fmt.Errorf("drapi: Orders.CreateOrFind: the order is not listed after %w", err)
		}
		// Not made: create it once more.
	}
}

// findCreated looks up the order req made, by checkoutId then upstreamId.
func (s *OrdersService) findCreated(ctx context.Context, req gen.OrderRequest) (*gen.Order, error) {
	if !empty(req.CheckoutID) {
		o, err := s.FindByCheckoutID(ctx, *req.CheckoutID)
		if err == nil || !errors.Is(err, ErrNotFound) || empty(req.UpstreamID) {
			return o, err
		}
	}
	return s.FindByUpstreamID(ctx, *req.UpstreamID)
}

// empty reports whether an optional string is absent or "".
func empty(p *string) bool { return p == nil || *p == "" }
