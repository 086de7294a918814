package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/drapi-go/drapi/gen"
)

// CustomersService calls the customer endpoints; use it as Client.Customers.
type CustomersService struct{ c *core }

// Create creates a customer. It is a POST: see ErrOutcomeUnknown for the
// failures after which it may nevertheless have been created.
// API: POST /customers
func (s *CustomersService) Create(ctx context.Context, req gen.CustomerRequest) (*gen.Customer, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	return doJSON[gen.Customer](ctx, s.c, newCall(gen.OpCreateCustomer,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.CreateCustomer(ctx, req) }))
}

// Get fetches a customer by ID. API: GET /customers/{id}
func (s *CustomersService) Get(ctx context.Context, id string) (*gen.Customer, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Customers.Get", "id", id); err != nil {
		return nil, err
	}
	return doJSON[gen.Customer](ctx, s.c, newCall(gen.OpGetCustomer,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.GetCustomer(ctx, id) }, id))
}

// Update changes the fields of a customer that req sets and returns the
// customer as it now is. It is a POST: see ErrOutcomeUnknown.
// API: POST /customers/{id}
func (s *CustomersService) Update(ctx context.Context, id string, req gen.UpdateCustomerRequest) (*gen.Customer, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Customers.Update", "id", id); err != nil {
		return nil, err
	}
	return doJSON[gen.Customer](ctx, s.c, newCall(gen.OpUpdateCustomer,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.UpdateCustomer(ctx, id, req) }, id))
}

// Delete deletes a customer. A DELETE is retried after a lost answer, so
// ErrNotFound with APIError.Attempts > 1 may mean an earlier attempt deleted
// it. API: DELETE /customers/{id}
func (s *CustomersService) Delete(ctx context.Context, id string) error {
	if s == nil || s.c == nil {
		return errNotConfigured
	}
	if err := checkID("Customers.Delete", "id", id); err != nil {
		return err
	}
	return s.c.do(ctx, newCall(gen.OpDeleteCustomer,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.DeleteCustomer(ctx, id) }, id), nil)
}

// AttachSource attaches a source to a customer, making it reusable, and
// returns the source. It is a POST: see ErrOutcomeUnknown.
// API: POST /customers/{id}/sources/{sourceId}
func (s *CustomersService) AttachSource(ctx context.Context, customerID, sourceID string) (*gen.Source, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Customers.AttachSource", "customerID", customerID); err != nil {
		return nil, err
	}
	if err := checkID("Customers.AttachSource", "sourceID", sourceID); err != nil {
		return nil, err
	}
	return doJSON[gen.Source](ctx, s.c, newCall(gen.OpAttachCustomerSource,
		func(ctx context.Context) (*http.Response, error) {
			return s.c.gen.AttachCustomerSource(ctx, customerID, sourceID)
		}, customerID, sourceID))
}

// DetachSource detaches a source from a customer; a detached source can no
// longer be charged. A DELETE is retried after a lost answer, so
// ErrNotFound with APIError.Attempts > 1 may mean an earlier attempt
// detached it. API: DELETE /customers/{id}/sources/{sourceId}
func (s *CustomersService) DetachSource(ctx context.Context, customerID, sourceID string) error {
	if s == nil || s.c == nil {
		return errNotConfigured
	}
	if err := checkID("Customers.DetachSource", "customerID", customerID); err != nil {
		return err
	}
	if err := checkID("Customers.DetachSource", "sourceID", sourceID); err != nil {
		return err
	}
	return s.c.do(ctx, newCall(gen.OpDetachCustomerSource,
		func(ctx context.Context) (*http.Response, error) {
			return s.c.gen.DetachCustomerSource(ctx, customerID, sourceID)
		}, customerID, sourceID), nil)
}

// List fetches one page of customers, newest first; params may be nil. Use
// All to walk every page. API: GET /customers
func (s *CustomersService) List(ctx context.Context, params *gen.ListCustomersParams) (*gen.CustomerList, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if params != nil {
		if err := checkPageParams("Customers.List", params.StartingAfter, params.EndingBefore, params.Limit); err != nil {
			return nil, err
		}
	}
	return s.list(ctx, params)
}

// list fetches one page; its callers have checked params.
func (s *CustomersService) list(ctx context.Context, params *gen.ListCustomersParams) (*gen.CustomerList, error) {
	return doJSON[gen.CustomerList](ctx, s.c, newCall(gen.OpListCustomers,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.ListCustomers(ctx, params) }))
}

// All returns every customer matching params, page after page, for use in a
// for range loop; params may be nil and are copied, so the caller may reuse
// them. It pages forwards from StartingAfter (or the newest customer) or,
// when EndingBefore is set, backwards from it, yielding customers in order
// of distance from the cursor. On failure it yields the error once and
// stops. It fetches the next page while the loop body runs; leaving the
// loop early cancels that fetch. API: GET /customers, repeatedly.
func (s *CustomersService) All(ctx context.Context, params *gen.ListCustomersParams) iter.Seq2[gen.Customer, error] {
	if s == nil || s.c == nil {
		return func(yield func(gen.Customer, error) bool) { yield(gen.Customer{}, errNotConfigured) }
	}
	var p gen.ListCustomersParams
	if params != nil {
		if err := checkPageParams("Customers.All", params.StartingAfter, params.EndingBefore, params.Limit); err != nil {
			return func(yield func(gen.Customer, error) bool) { yield(gen.Customer{}, err) }
		}
		p = cloneParams(params)
	}
	return pager[gen.Customer]{
		where: "Customers.All",
		after: p.StartingAfter, before: p.EndingBefore,
		fetch: func(ctx context.Context, after, before *string) ([]gen.Customer, bool, error) {
			q := p
			q.StartingAfter, q.EndingBefore = after, before
			l, err := s.list(ctx, &q)
			if err != nil {
				return nil, false, err
			}
			return l.Data, l.HasMore, nil
		},
		id: func(c *gen.Customer) string { return c.ID },
	}.all(ctx)
}
