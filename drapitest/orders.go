package drapitest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/genserver"
)

// The orders operations. A new order gets an ID (ord_ and ten digits), its
// items IDs, amounts and taxes, and its totals (see totals); it is
// "accepted" when it names a source or has nothing to pay, "pending_payment"
// otherwise, with stateTransitions holding "created" and that state, and
// fraudState "passed". Its payment session takes the source's
// paymentSessionId (or a new one); with a source, the order lists it in
// sources and has one capturable charge of totalAmount, and the session has
// nothing left to contribute. Orders are stored with the payment in both
// shapes and answered in the one of the request's version (version.go).
// chargeType defaults to customer_initiated; refundedAmount, capturedAmount,
// cancelledAmount and availableToRefundAmount start at 0.
//
// createOrder answers 404 (parameter customerId or sourceId) when it names a
// customer or source that does not exist, 404 with parameter orderId when
// its checkoutId already became an order, and 409 when the customer is
// disabled, the source is attached to another customer, or the source is
// not chargeable (source_not_chargeable). A fault's Decline answers 409.

// ListOrders answers GET /orders.
func (h *handlers) ListOrders(ctx context.Context, req genserver.ListOrdersRequestObject) (genserver.ListOrdersResponseObject, error) {
	list, err := h.s.listOrders(req.Params)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.ListOrders400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	v := h.version(ctx)
	for i := range list.Data {
		list.Data[i] = inVersion(list.Data[i], v)
	}
	return genserver.ListOrders200JSONResponse{Body: list}, nil
}

// CreateOrder answers POST /orders.
func (h *handlers) CreateOrder(ctx context.Context, req genserver.CreateOrderRequestObject) (genserver.CreateOrderResponseObject, error) {
	o, err := h.s.createOrder(req.Body)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.CreateOrder400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		case http.StatusNotFound:
			return genserver.CreateOrder404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		case http.StatusConflict:
			return genserver.CreateOrder409JSONResponse{ConflictJSONResponse: genserver.ConflictJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.CreateOrder201JSONResponse{Body: inVersion(*o, h.version(ctx))}, nil
}

// GetOrder answers GET /orders/{id}.
func (h *handlers) GetOrder(ctx context.Context, req genserver.GetOrderRequestObject) (genserver.GetOrderResponseObject, error) {
	o := h.s.order(req.ID)
	if o == nil {
		return genserver.GetOrder404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: notFound("Order", "id", req.ID).body}}, nil
	}
	body := inVersion(*o, h.version(ctx))
	if req.Params.Expand == nil || !*req.Params.Expand {
		body = withoutProductDetails(body)
	}
	return genserver.GetOrder200JSONResponse{Body: body}, nil
}

// UpdateOrder answers POST /orders/{id}.
func (h *handlers) UpdateOrder(ctx context.Context, req genserver.UpdateOrderRequestObject) (genserver.UpdateOrderResponseObject, error) {
	o, err := h.s.updateOrder(req.ID, req.Body)
	if err != nil {
		switch err.status {
		case http.StatusBadRequest:
			return genserver.UpdateOrder400JSONResponse{BadRequestJSONResponse: genserver.BadRequestJSONResponse{Body: err.body}}, nil
		case http.StatusNotFound:
			return genserver.UpdateOrder404JSONResponse{NotFoundJSONResponse: genserver.NotFoundJSONResponse{Body: err.body}}, nil
		}
		return nil, err
	}
	return genserver.UpdateOrder200JSONResponse{Body: inVersion(*o, h.version(ctx))}, nil
}

func (s *store) order(id string) *gen.Order {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.orders.get(id)
}

func (s *store) createOrder(req *gen.OrderRequest) (*gen.Order, *apiError) {
	if req == nil {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "body", "The request needs a JSON body.")
	}
	for i, it := range req.Items {
		if it.SkuID == "" && it.ProductDetails == nil {
			return nil, newError(http.StatusBadRequest, codeMissingParameter, "items["+strconv.Itoa(i)+"].skuId", "Each item needs a 'skuId' or 'productDetails'.")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	o := &gen.Order{
		CreatedTime:             now,
		UpdatedTime:             now,
		CheckoutID:              req.CheckoutID,
		CustomerID:              req.CustomerID,
		Currency:                req.Currency,
		Email:                   req.Email,
		Locale:                  req.Locale,
		BrowserIP:               req.BrowserIP,
		ApplicationID:           req.ApplicationID,
		TaxIdentifiers:          req.TaxIdentifiers,
		CreditAmount:            req.CreditAmount,
		ChargeType:              req.ChargeType,
		ShipFrom:                req.ShipFrom,
		ShipTo:                  req.ShipTo,
		BillTo:                  req.BillTo,
		Discount:                req.Discount,
		Metadata:                req.Metadata,
		PurchaseLocation:        req.PurchaseLocation,
		CustomerType:            req.CustomerType,
		UpstreamID:              req.UpstreamID,
		RequestToBeForgotten:    new(false),
		ImporterOfRecordTax:     new(false),
		TotalFees:               new(0.0),
		TotalDuty:               new(0.0),
		TotalImporterTax:        new(0.0),
		RefundedAmount:          new(0.0),
		CapturedAmount:          new(0.0),
		CancelledAmount:         new(0.0),
		AvailableToRefundAmount: new(0.0),
		FraudState:              new(gen.FraudStatePassed),
		FraudStateTransitions:   &gen.FraudStateTransitions{Passed: now},
		LiveMode:                new(false),
		SellingEntity:           &gen.SellingEntity{ID: new("DR_INC-ENTITY"), Name: new("Digital River Inc.")},
	}
	if o.ChargeType == nil {
		o.ChargeType = new(gen.ChargeTypeCustomerInitiated)
	}
	if len(req.Items) > 0 {
		o.Items = make([]gen.OrderItem, len(req.Items))
		for i, r := range req.Items {
			o.Items[i] = gen.OrderItem{
				ProductDetails:          r.ProductDetails,
				Quantity:                new(max(deref(r.Quantity), 1)),
				Discount:                r.Discount,
				SubscriptionInfo:        r.SubscriptionInfo,
				ShipFrom:                r.ShipFrom,
				Metadata:                r.Metadata,
				AvailableToRefundAmount: new(0.0),
			}
			if r.SkuID != "" {
				o.Items[i].SkuID = new(r.SkuID)
			}
		}
	}
	t, shippingTax := priceOrder(req, o.Items, s.taxRate)
	o.Subtotal, o.TotalDiscount, o.TotalShipping = new(t.subtotal), new(t.discount), new(t.shipping)
	o.TotalTax, o.TotalAmount = new(t.tax), new(t.amount)
	if sc := req.ShippingChoice; sc != nil {
		nsc := *sc
		nsc.TaxAmount = shippingTax
		o.ShippingChoice = &nsc
	}

	if req.CheckoutID != nil {
		if id, ok := s.checkouts[*req.CheckoutID]; ok {
			return nil, newError(http.StatusNotFound, codeNotFound, "orderId", "Checkout '%s' already became order '%s'.", *req.CheckoutID, id)
		}
	}
	if req.CustomerID != nil {
		c := s.customers.get(*req.CustomerID)
		if c == nil {
			return nil, notFound("Customer", "customerId", *req.CustomerID)
		}
		if c.Enabled != nil && !*c.Enabled {
			return nil, newError(http.StatusConflict, codeConflict, "customerId", "Customer '%s' is disabled.", c.ID)
		}
	}
	var src *gen.Source
	if req.SourceID != nil {
		src = s.sources.get(*req.SourceID)
		if src == nil {
			return nil, notFound("Source", "sourceId", *req.SourceID)
		}
		if owner := src.CustomerID; owner != nil && (req.CustomerID == nil || *owner != *req.CustomerID) {
			return nil, newError(http.StatusConflict, codeConflict, "sourceId", "Source '%s' is attached to another customer.", src.ID)
		}
		if st := deref(src.State); st != gen.SourceStateChargeable {
			return nil, newError(http.StatusConflict, codeSourceNotChargeable, "sourceId", "Source '%s' is %s, not chargeable.", src.ID, st)
		}
	}
	o.ID = s.newOrderID()
	for i := range o.Items {
		o.Items[i].ID = new(s.newItemID())
	}
	state := gen.OrderStatePendingPayment
	if src != nil || t.amount == 0 {
		state = gen.OrderStateAccepted
	}
	o.State = new(state)
	o.StateTransitions = &gen.OrderStateTransitions{Created: now}
	if state == gen.OrderStateAccepted {
		o.StateTransitions.Accepted = now
	} else {
		o.StateTransitions.PendingPayment = now
	}
	session := &gen.PaymentSession{
		ID:                             s.sessionID(src),
		AmountContributed:              new(0.0),
		AmountRemainingToBeContributed: new(t.amount),
		State:                          new(gen.PaymentSessionStatePending),
	}
	session.ClientSecret = new(*session.ID + "_" + s.newUUID())
	o.PaymentSessionID = session.ID
	o.Payment = &gen.OrderPayment{Session: session}
	if src != nil {
		session.AmountContributed, session.AmountRemainingToBeContributed = new(t.amount), new(0.0)
		session.State = new(gen.PaymentSessionStateComplete)
		o.Sources = []gen.Source{*src}
		o.Charges = []gen.Charge{{
			ID:               new(s.newUUID()),
			CreatedTime:      now,
			Currency:         req.Currency,
			Amount:           new(t.amount),
			State:            new(gen.ChargeStateCapturable),
			OrderID:          new(o.ID),
			SourceID:         new(src.ID),
			PaymentSessionID: session.ID,
			Captured:         new(false),
			Refunded:         new(false),
			Type:             o.ChargeType,
			LiveMode:         new(false),
		}}
	}
	o.Payment.Sources, o.Payment.Charges = o.Sources, o.Charges
	if o.CheckoutID != nil {
		s.checkouts[*o.CheckoutID] = o.ID
	}
	s.orders.insert(o.ID, s.nextSeq(), o)
	return o, nil
}

func (s *store) updateOrder(id string, req *gen.UpdateOrderRequest) (*gen.Order, *apiError) {
	if req == nil {
		return nil, newError(http.StatusBadRequest, codeMissingParameter, "body", "The request needs a JSON body.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	old := s.orders.get(id)
	if old == nil {
		return nil, notFound("Order", "id", id)
	}
	o := *old
	setIf(&o.RequestToBeForgotten, req.RequestToBeForgotten)
	setIf(&o.UpstreamID, req.UpstreamID)
	if req.Metadata != nil {
		o.Metadata = req.Metadata
	}
	o.UpdatedTime = now
	s.orders.replace(id, &o)
	return &o, nil
}

func (s *store) listOrders(p gen.ListOrdersParams) (gen.OrderList, *apiError) {
	q := pageQuery{startingAfter: p.StartingAfter, endingBefore: p.EndingBefore, limit: p.Limit}
	limit, err := q.check()
	if err != nil {
		return gen.OrderList{}, err
	}
	match := orderFilter(p)
	s.mu.RLock()
	defer s.mu.RUnlock()
	got, more, err := page(&s.orders, q, limit, s.orders.seqOf, match)
	if err != nil {
		return gen.OrderList{}, err
	}
	return gen.OrderList{HasMore: more, Data: values(got)}, nil
}

// orderFilter returns the test of every filter of listOrders. Strings match
// exactly, except email and currency (any case) and locale (en_US and en-US
// are one); skuId and subscriptionId match when any item has them; an order
// without refundedAmount has 0.
func orderFilter(p gen.ListOrdersParams) func(*gen.Order) bool {
	var ids, upstreamIDs map[string]bool
	if len(p.IDs) > 0 {
		ids = set(p.IDs)
	}
	if len(p.UpstreamIDs) > 0 {
		upstreamIDs = set(p.UpstreamIDs)
	}
	eq := func(want, got *string) bool { return want == nil || (got != nil && *got == *want) }
	fold := func(want, got *string) bool { return want == nil || (got != nil && strings.EqualFold(*got, *want)) }
	return func(o *gen.Order) bool {
		switch {
		case ids != nil && !ids[o.ID]:
			return false
		case upstreamIDs != nil && (o.UpstreamID == nil || !upstreamIDs[*o.UpstreamID]):
			return false
		case p.State != nil && (o.State == nil || *o.State != *p.State):
			return false
		case !eq(p.CustomerID, o.CustomerID), !eq(p.CheckoutID, o.CheckoutID),
			!eq(p.ApplicationID, o.ApplicationID), !eq(p.BrowserIP, o.BrowserIP):
			return false
		case !fold(p.Email, o.Email), !fold(p.Currency, o.Currency):
			return false
		case p.FraudState != nil && (o.FraudState == nil || *o.FraudState != *p.FraudState):
			return false
		case p.ChargeType != nil && (o.ChargeType == nil || *o.ChargeType != *p.ChargeType):
			return false
		case p.CustomerType != nil && (o.CustomerType == nil || *o.CustomerType != *p.CustomerType):
			return false
		case p.RefundedAmount != nil && deref(o.RefundedAmount) != *p.RefundedAmount:
			return false
		case p.Locale != nil && (o.Locale == nil || !sameLocale(*o.Locale, *p.Locale)):
			return false
		case p.SkuID != nil && !slices.ContainsFunc(o.Items, func(it gen.OrderItem) bool { return eq(p.SkuID, it.SkuID) }):
			return false
		case p.SubscriptionID != nil && !slices.ContainsFunc(o.Items, func(it gen.OrderItem) bool {
			return it.SubscriptionInfo != nil && eq(p.SubscriptionID, it.SubscriptionInfo.SubscriptionID)
		}):
			return false
		}
		return orderRangesMatch(&p, o)
	}
}

// sameLocale compares locales with "_" and "-" taken as one.
func sameLocale(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, "_", "-"), strings.ReplaceAll(b, "_", "-"))
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// sessionID returns the payment session of a new order: its source's, or a
// new one. Callers hold mu.
func (s *store) sessionID(src *gen.Source) *string {
	if src != nil && src.PaymentSessionID != nil {
		return src.PaymentSessionID
	}
	return new(s.newUUID())
}
