package drapitest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/genserver"
)

// The customers operations. A new customer is enabled unless it says
// otherwise, has requestToBeForgotten false and liveMode false; tax
// identifiers get an ID, state pending and their timestamps. Updates change
// only the fields sent: a field's new value replaces the old one whole
// (shipping, metadata and the taxIdentifiers list included), and a
// taxCertificate is added to taxCertificates, replacing one with the same
// fileId. Deleting a customer detaches its sources, which are then
// cancelled as detach cancels them.

// ListCustomers answers GET /customers.
func (h *handlers) ListCustomers(ctx context.Context, req genserver.ListCustomersRequestObject) (genserver.ListCustomersResponseObject, error) {
	list, err := h.s.listCustomers(req.Params)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.ListCustomers400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.ListCustomers200JSONResponse{Body: list}, nil
}

// CreateCustomer answers POST /customers.
func (h *handlers) CreateCustomer(ctx context.Context, req genserver.CreateCustomerRequestObject) (genserver.CreateCustomerResponseObject, error) {
	c, err := h.s.createCustomer(req.Body)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.CreateCustomer400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		case http.StatusConflict:
			return genserver.CreateCustomer409JSONResponse{ConflictJSONResponse: genserver.ConflictJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.CreateCustomer201JSONResponse{Body: *c}, nil
}

// GetCustomer answers GET /customers/{id}.
func (h *handlers) GetCustomer(ctx context.Context, req genserver.GetCustomerRequestObject) (genserver.GetCustomerResponseObject, error) {
	c := h.s.customer(req.ID)
	if c == nil {
		return genserver.GetCustomer404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: notFound("Customer", "id", req.ID).body}}, nil
	}
	return genserver.GetCustomer200JSONResponse{Body: *c}, nil
}

// UpdateCustomer answers POST /customers/{id}.
func (h *handlers) UpdateCustomer(ctx context.Context, req genserver.UpdateCustomerRequestObject) (genserver.UpdateCustomerResponseObject, error) {
	c, err := h.s.updateCustomer(req.ID, req.Body)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.UpdateCustomer400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		case http.StatusNotFound:
			return genserver.UpdateCustomer404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.UpdateCustomer200JSONResponse{Body: *c}, nil
}

// DeleteCustomer answers DELETE /customers/{id}.
func (h *handlers) DeleteCustomer(ctx context.Context, req genserver.DeleteCustomerRequestObject) (genserver.DeleteCustomerResponseObject, error) {
	if err := h.s.deleteCustomer(req.ID); err != nil {
		switch err.status {
		case http.StatusNotFound:
			return genserver.DeleteCustomer404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.DeleteCustomer204Response{}, nil
}

func (s *store) customer(id string) *gen.Customer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.customers.get(id)
}

func (s *store) listCustomers(p gen.ListCustomersParams) (gen.CustomerList, *apiError) {
	q := pageQuery{startingAfter: p.StartingAfter, endingBefore: p.EndingBefore, limit: p.Limit}
	limit, err := q.check()
	if err != nil {
		return gen.CustomerList{}, err
	}
	var ids map[string]bool
	if len(p.IDs) > 0 {
		ids = set(p.IDs)
	}
	match := func(c *gen.Customer) bool {
		switch {
		case p.Email != nil && (c.Email == nil || !strings.EqualFold(*c.Email, *p.Email)):
			return false
		case ids != nil && !ids[c.ID]:
			return false
		case p.RequestToBeForgotten != nil && deref(c.RequestToBeForgotten) != *p.RequestToBeForgotten:
			return false
		}
		return inTimeRange(p.CreatedTime, c.CreatedTime) && inTimeRange(p.UpdatedTime, c.UpdatedTime)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	got, more, err := page(&s.customers, q, limit, s.customerSeq, match)
	if err != nil {
		return gen.CustomerList{}, err
	}
	return gen.CustomerList{HasMore: more, Data: values(got)}, nil
}

// customerSeq finds a customer cursor's place, deleted customers included.
// Callers hold mu.
func (s *store) customerSeq(id string) (uint64, bool) {
	if seq, ok := s.customers.seqOf(id); ok {
		return seq, true
	}
	seq, ok := s.deleted[id]
	return seq, ok
}

func (s *store) createCustomer(req *gen.CustomerRequest) (*gen.Customer, *apiError) {
	if req == nil {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "body", "The request needs a JSON body.")
	}
	if req.ID != nil && *req.ID == "" {
		return nil, badParameter("id", "'id' must not be empty.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c := &gen.Customer{
		CreatedTime:          now,
		UpdatedTime:          now,
		Email:                req.Email,
		Shipping:             req.Shipping,
		DefaultSourceID:      req.DefaultSourceID,
		Metadata:             req.Metadata,
		Locale:               req.Locale,
		Type:                 req.Type,
		Enabled:              new(true),
		RequestToBeForgotten: new(false),
		LiveMode:             new(false),
	}
	if req.Enabled != nil {
		c.Enabled = req.Enabled
	}
	if req.TaxCertificate != nil {
		c.TaxCertificates = []gen.TaxCertificate{*req.TaxCertificate}
	}
	if req.ID != nil {
		if s.customers.get(*req.ID) != nil {
			return nil, newError(http.StatusConflict, codeAlreadyExists, "id", "Customer '%s' already exists.", *req.ID)
		}
		c.ID = *req.ID
		delete(s.deleted, c.ID)
	} else {
		c.ID = s.newCustomerID()
	}
	c.TaxIdentifiers = s.taxIdentifiers(req.TaxIdentifiers, c.ID, now)
	s.customers.insert(c.ID, s.nextSeq(), c)
	return c, nil
}

func (s *store) updateCustomer(id string, req *gen.UpdateCustomerRequest) (*gen.Customer, *apiError) {
	if req == nil {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "body", "The request needs a JSON body.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	old := s.customers.get(id)
	if old == nil {
		return nil, notFound("Customer", "id", id)
	}
	c := *old
	setIf(&c.Email, req.Email)
	setIf(&c.Shipping, req.Shipping)
	setIf(&c.DefaultSourceID, req.DefaultSourceID)
	setIf(&c.RequestToBeForgotten, req.RequestToBeForgotten)
	setIf(&c.Type, req.Type)
	setIf(&c.Locale, req.Locale)
	setIf(&c.Enabled, req.Enabled)
	if req.Metadata != nil {
		c.Metadata = req.Metadata
	}
	if req.TaxIdentifiers != nil {
		c.TaxIdentifiers = s.taxIdentifiers(req.TaxIdentifiers, id, now)
	}
	if tc := req.TaxCertificate; tc != nil {
		certs := slices.DeleteFunc(slices.Clone(c.TaxCertificates), func(x gen.TaxCertificate) bool { return x.FileID == tc.FileID })
		c.TaxCertificates = append(certs, *tc)
	}
	c.UpdatedTime = now
	s.customers.replace(id, &c)
	return &c, nil
}

func (s *store) deleteCustomer(id string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.customers.get(id) == nil {
		return notFound("Customer", "id", id)
	}
	for _, sid := range s.attached[id] {
		if src := s.sources.get(sid); src != nil {
			ns := *src
			ns.CustomerID = nil
			ns.State = new(gen.SourceStateCancelled) // detached, as by detach
			s.sources.replace(sid, &ns)
		}
	}
	delete(s.attached, id)
	s.deleted[id] = s.customers.remove(id)
	return nil
}

// taxIdentifiers completes the tax identifiers a request sent: an ID when it
// has none, its customer, state pending and timestamps. Callers hold mu.
func (s *store) taxIdentifiers(in []gen.TaxIdentifier, customerID string, now *drapi.Time) []gen.TaxIdentifier {
	if in == nil {
		return nil
	}
	transitions, _ := json.Marshal(map[string]*drapi.Time{string(gen.TaxIdentifierStatePending): now})
	out := make([]gen.TaxIdentifier, len(in))
	for i, t := range in {
		if t.ID == nil {
			t.ID = new(s.newUUID())
		}
		t.CustomerID = new(customerID)
		t.State = new(gen.TaxIdentifierStatePending)
		t.StateTransitions = transitions
		t.CreatedTime, t.UpdatedTime = now, now
		out[i] = t
	}
	return out
}

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// setIf sets *dst to v when v is not nil: the merge of an update.
func setIf[T any](dst **T, v *T) {
	if v != nil {
		*dst = v
	}
}
