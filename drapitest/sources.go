package drapitest

import (
	"context"
	"net/http"
	"slices"

	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/genserver"
)

// The sources operations. The fake has no redirect or receiver flows to
// complete: every new source is chargeable at once. Its flow follows its
// type (redirect for PayPal, Klarna, iDEAL and the like, receiver for wire
// and bank transfers and konbini, standard otherwise), a creditCard source
// gets the details of a test Visa card ending 1111, and its clientSecret is
// its ID and a second UUID. SourceRequest's upstreamId has no field in
// Source, so it is not kept.
//
// Attaching a source makes it the customer's: its customerId is set, the
// customer lists it in sources, and the first source attached to a customer
// without a defaultSourceId becomes it. Only a reusable source (creditCard,
// googlePay, applePay, payPalBilling, directDebit, klarnaCreditRecurring) in
// state chargeable can be attached: others get a 409 with code
// nonreusable_source or source_not_chargeable. Attaching it again is a
// no-op; attaching a source another customer holds is a 409. Detaching
// undoes both, clears the customer's defaultSourceId when it named the
// source, and cancels the source (state cancelled): it can no longer be
// charged, so an order naming it gets a 409 source_not_chargeable.

// redirectTypes and receiverTypes give a source type's flow.
var (
	redirectTypes = map[gen.SourceType]bool{
		"payPal": true, "payPalBilling": true, "payPalCredit": true, "klarnaCredit": true,
		"klarnaCreditRecurring": true, "alipay": true, "ideal": true, "bancontact": true,
		"onlineBanking": true, "amazonPay": true, "afterPay": true, "ccAvenue": true, "directDebit": true,
	}
	receiverTypes = map[gen.SourceType]bool{
		"wireTransfer": true, "bankTransfer": true, "konbini": true,
	}
	reusableTypes = map[gen.SourceType]bool{
		"creditCard": true, "googlePay": true, "applePay": true, "payPalBilling": true,
		"directDebit": true, "klarnaCreditRecurring": true,
	}
)

// CreateSource answers POST /sources.
func (h *handlers) CreateSource(ctx context.Context, req genserver.CreateSourceRequestObject) (genserver.CreateSourceResponseObject, error) {
	src, err := h.s.createSource(req.Body)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.CreateSource400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.CreateSource201JSONResponse{Body: *src}, nil
}

// GetSource answers GET /sources/{id}.
func (h *handlers) GetSource(ctx context.Context, req genserver.GetSourceRequestObject) (genserver.GetSourceResponseObject, error) {
	src := h.s.source(req.ID)
	if src == nil {
		return genserver.GetSource404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: notFound("Source", "id", req.ID).body}}, nil
	}
	return genserver.GetSource200JSONResponse{Body: *src}, nil
}

// AttachCustomerSource answers POST /customers/{id}/sources/{sourceId}.
func (h *handlers) AttachCustomerSource(ctx context.Context, req genserver.AttachCustomerSourceRequestObject) (genserver.AttachCustomerSourceResponseObject, error) {
	src, err := h.s.attach(req.ID, req.SourceID)
	if err != nil {
		switch err.status {
		case http.StatusNotFound:
			return genserver.AttachCustomerSource404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		case http.StatusConflict:
			return genserver.AttachCustomerSource409JSONResponse{ConflictJSONResponse: genserver.ConflictJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.AttachCustomerSource200JSONResponse{Body: *src}, nil
}

// DetachCustomerSource answers DELETE /customers/{id}/sources/{sourceId}.
func (h *handlers) DetachCustomerSource(ctx context.Context, req genserver.DetachCustomerSourceRequestObject) (genserver.DetachCustomerSourceResponseObject, error) {
	if err := h.s.detach(req.ID, req.SourceID); err != nil {
		switch err.status {
		case http.StatusNotFound:
			return genserver.DetachCustomerSource404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.DetachCustomerSource204Response{}, nil
}

func (s *store) source(id string) *gen.Source {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sources.get(id)
}

func (s *store) createSource(req *gen.SourceRequest) (*gen.Source, *apiError) {
	if req == nil {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "body", "The request needs a JSON body.")
	}
	if req.Type == "" {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "type", "'type' is required.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	flow := gen.SourceFlowStandard
	switch {
	case redirectTypes[req.Type]:
		flow = gen.SourceFlowRedirect
	case receiverTypes[req.Type]:
		flow = gen.SourceFlowReceiver
	}
	src := &gen.Source{
		CreatedTime:      now,
		Type:             new(req.Type),
		Amount:           req.Amount,
		Owner:            req.Owner,
		PaymentSessionID: req.PaymentSessionID,
		Flow:             new(flow),
		State:            new(gen.SourceStateChargeable),
		Reusable:         new(reusableTypes[req.Type]),
		LiveMode:         new(false),
	}
	if req.Type == gen.SourceTypeCreditCard {
		src.CreditCard = &gen.CardDetails{
			Brand:           new("Visa"),
			LastFourDigits:  new("1111"),
			ExpirationMonth: new(12),
			ExpirationYear:  new(now.Year() + 3),
		}
	}
	src.ID = s.newSourceID()
	src.ClientSecret = new(src.ID + "_" + s.newUUID())
	s.sources.insert(src.ID, s.nextSeq(), src)
	return src, nil
}

func (s *store) attach(customerID, sourceID string) (*gen.Source, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c := s.customers.get(customerID)
	if c == nil {
		return nil, notFound("Customer", "id", customerID)
	}
	src := s.sources.get(sourceID)
	if src == nil {
		return nil, notFound("Source", "sourceId", sourceID)
	}
	if owner := src.CustomerID; owner != nil {
		if *owner == customerID {
			return src, nil
		}
		return nil, newError(http.StatusConflict, codeConflict, "sourceId", "Source '%s' is attached to another customer.", sourceID)
	}
	if !deref(src.Reusable) {
		return nil, newError(http.StatusConflict, codeNonreusableSource, "sourceId", "Source '%s' is single-use and cannot be attached to a customer.", sourceID)
	}
	if st := deref(src.State); st != gen.SourceStateChargeable {
		return nil, newError(http.StatusConflict, codeSourceNotChargeable, "sourceId", "Source '%s' is %s, not chargeable.", sourceID, st)
	}
	ns := *src
	ns.CustomerID = new(customerID)
	s.sources.replace(sourceID, &ns)
	s.attached[customerID] = append(s.attached[customerID], sourceID)
	nc := *c
	nc.Sources = s.sourcesOf(customerID)
	if nc.DefaultSourceID == nil {
		nc.DefaultSourceID = new(sourceID) // the first source attached
	}
	nc.UpdatedTime = now
	s.customers.replace(customerID, &nc)
	return &ns, nil
}

func (s *store) detach(customerID, sourceID string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c := s.customers.get(customerID)
	if c == nil {
		return notFound("Customer", "id", customerID)
	}
	src := s.sources.get(sourceID)
	if src == nil {
		return notFound("Source", "sourceId", sourceID)
	}
	if src.CustomerID == nil || *src.CustomerID != customerID {
		return newError(http.StatusNotFound, codeNotFound, "sourceId", "Source '%s' is not attached to customer '%s'.", sourceID, customerID)
	}
	ns := *src
	ns.CustomerID = nil
	ns.State = new(gen.SourceStateCancelled) // a detached source can no longer be charged
	s.sources.replace(sourceID, &ns)
	s.attached[customerID] = slices.DeleteFunc(slices.Clone(s.attached[customerID]), func(id string) bool { return id == sourceID })
	if len(s.attached[customerID]) == 0 {
		delete(s.attached, customerID)
	}
	nc := *c
	nc.Sources = s.sourcesOf(customerID)
	if nc.DefaultSourceID != nil && *nc.DefaultSourceID == sourceID {
		nc.DefaultSourceID = nil
	}
	nc.UpdatedTime = now
	s.customers.replace(customerID, &nc)
	return nil
}

// sourcesOf returns the sources attached to a customer, in attachment order,
// or nil for none. Callers hold mu.
func (s *store) sourcesOf(customerID string) []gen.Source {
	ids := s.attached[customerID]
	if len(ids) == 0 {
		return nil
	}
	out := make([]gen.Source, 0, len(ids))
	for _, id := range ids {
		if src := s.sources.get(id); src != nil {
			out = append(out, *src)
		}
	}
	return out
}
