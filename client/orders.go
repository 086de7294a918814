package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/drapi-go/drapi/gen"
)

// OrdersService calls the order endpoints; use it as Client.Orders.
type OrdersService struct{ c *core }

// Create creates an order, which may charge the customer. It is a POST and
// is never resent after it may have reached the API: on an error matching
// ErrOutcomeUnknown, look the order up (FindByCheckoutID, FindByUpstreamID)
// before trying again, or let CreateOrFind do it all. API: POST /orders
func (s *OrdersService) Create(ctx context.Context, req gen.OrderRequest) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	return doJSON[gen.Order](ctx, s.c, newCall(gen.OpCreateOrder,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.CreateOrder(ctx, req) }))
}

// Get fetches an order by ID. API: GET /orders/{id}
func (s *OrdersService) Get(ctx context.Context, id string) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Orders.Get", "id", id); err != nil {
		return nil, err
	}
	return doJSON[gen.Order](ctx, s.c, newCall(gen.OpGetOrder,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.GetOrder(ctx, id, nil) }, id))
}

// GetExpanded fetches an order by ID with the API's expand option: the
// answer holds each item's productDetails and the order's metadata in full.
// API: GET /orders/{id}?expand=true
func (s *OrdersService) GetExpanded(ctx context.Context, id string) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Orders.GetExpanded", "id", id); err != nil {
		return nil, err
	}
	params := &gen.GetOrderParams{Expand: new(true)}
	return doJSON[gen.Order](ctx, s.c, newCall(gen.OpGetOrder,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.GetOrder(ctx, id, params) }, id))
}

// Update changes the fields of an order that req sets (upstreamId, metadata,
// requestToBeForgotten) and returns the order as it now is. It is a POST:
// see ErrOutcomeUnknown. API: POST /orders/{id}
func (s *OrdersService) Update(ctx context.Context, id string, req gen.UpdateOrderRequest) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Orders.Update", "id", id); err != nil {
		return nil, err
	}
	return doJSON[gen.Order](ctx, s.c, newCall(gen.OpUpdateOrder,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.UpdateOrder(ctx, id, req) }, id))
}

// List fetches one page of orders, newest first; params may be nil. Use All
// to walk every page. API: GET /orders
func (s *OrdersService) List(ctx context.Context, params *gen.ListOrdersParams) (*gen.OrderList, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if params != nil {
		if err := checkPageParams("Orders.List", params.StartingAfter, params.EndingBefore, params.Limit); err != nil {
			return nil, err
		}
	}
	return s.list(ctx, params)
}

// list fetches one page; its callers have checked params.
func (s *OrdersService) list(ctx context.Context, params *gen.ListOrdersParams) (*gen.OrderList, error) {
	return doJSON[gen.OrderList](ctx, s.c, newCall(gen.OpListOrders,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.ListOrders(ctx, params) }))
}

// All returns every order matching params, page after page, for use in a for
// range loop; params may be nil and are copied, so the caller may reuse them.
// It pages forwards from StartingAfter (or the newest order) or, when
// EndingBefore is set, backwards from it, yielding orders in order of
// distance from the cursor. On failure it yields the error once and stops.
// It fetches the next page while the loop body runs; leaving the loop early
// cancels that fetch. API: GET /orders, repeatedly.
func (s *OrdersService) All(ctx context.Context, params *gen.ListOrdersParams) iter.Seq2[gen.Order, error] {
	if s == nil || s.c == nil {
		return func(yield func(gen.Order, error) bool) { yield(gen.Order{}, errNotConfigured) }
	}
	var p gen.ListOrdersParams
	if params != nil {
		if err := checkPageParams("Orders.All", params.StartingAfter, params.EndingBefore, params.Limit); err != nil {
			return func(yield func(gen.Order, error) bool) { yield(gen.Order{}, err) }
		}
		p = cloneParams(params)
	}
	return pager[gen.Order]{
		where: "Orders.All",
		after: p.StartingAfter, before: p.EndingBefore,
		fetch: func(ctx context.Context, after, before *string) ([]gen.Order, bool, error) {
			q := p
			q.StartingAfter, q.EndingBefore = after, before
			l, err := s.list(ctx, &q)
			if err != nil {
				return nil, false, err
			}
			return l.Data, l.HasMore, nil
		},
		id: func(o *gen.Order) string { return o.ID },
	}.all(ctx)
}

// FindByUpstreamID returns the newest order whose upstreamId is upstreamID,
// or an error matching ErrNotFound when there is none. Use it to learn
// whether a Create that failed with ErrOutcomeUnknown made the order.
// API: GET /orders?upstreamIds={upstreamID}
func (s *OrdersService) FindByUpstreamID(ctx context.Context, upstreamID string) (*gen.Order, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Orders.FindByUpstreamID", "upstreamID", upstreamID); err != nil {
		return nil, err
	}
	return s.findOrder(ctx, &noOrder{"Orders.FindByUpstreamID", "upstreamId", upstreamID},
		&gen.ListOrdersParams{UpstreamIDs: []string{upstreamID}, Limit: new(maxLimit)},
		func(o *gen.Order) bool { return o.UpstreamID != nil && *o.UpstreamID == upstreamID })
}
