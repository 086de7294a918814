package drapitest

import (
	"regexp"
	"slices"
	"testing"

	"github.com/drapi-go/drapi/gen"
)

func TestTotals(t *testing.T) {
	item := func(sku string, price float64, qty int, d *gen.ItemDiscount) gen.OrderItemRequest {
		it := gen.OrderItemRequest{SkuID: sku, Price: new(price), Discount: d}
		if qty > 0 {
			it.Quantity = new(qty)
		}
		return it
	}
	tests := []struct {
		name                                     string
		rate                                     float64
		req                                      gen.OrderRequest
		subtotal, discount, shipping, tax, total float64
		itemAmounts                              []float64
	}{
		{name: "no items", rate: 0.1, req: gen.OrderRequest{}},
		{name: "one item, quantity defaults to 1", rate: 0.1,
			req:      gen.OrderRequest{Items: []gen.OrderItemRequest{item("a", 10, 0, nil)}},
			subtotal: 10, tax: 1, total: 11, itemAmounts: []float64{10}},
		{name: "quantities and shipping", rate: 0.1,
			req: gen.OrderRequest{
				Items:          []gen.OrderItemRequest{item("a", 9.99, 2, nil), item("b", 5, 1, nil)},
				ShippingChoice: &gen.ShippingChoice{Amount: new(5.0)},
			},
			subtotal: 24.98, shipping: 5, tax: 3, total: 32.98, itemAmounts: []float64{19.98, 5}},
		{name: "item discount on some units, capped at the price", rate: 0.1,
			req: gen.OrderRequest{Items: []gen.OrderItemRequest{
				item("a", 9.99, 2, &gen.ItemDiscount{AmountOff: new(10.0), Quantity: new(1)}),
				item("b", 20, 3, &gen.ItemDiscount{PercentOff: new(25.0)}),
			}},
			subtotal: 54.99, discount: 24.99, tax: 5.5, total: 60.49, itemAmounts: []float64{9.99, 45}},
		{name: "order and shipping discounts; amountOff wins over percentOff", rate: 0.1,
			req: gen.OrderRequest{
				Items:            []gen.OrderItemRequest{item("a", 100, 1, nil)},
				Discount:         &gen.Discount{AmountOff: new(5.5), PercentOff: new(100.0)},
				ShippingChoice:   &gen.ShippingChoice{Amount: new(5.95)},
				ShippingDiscount: &gen.Discount{PercentOff: new(100.0)},
			},
			subtotal: 100, discount: 11.45, shipping: 0, tax: 9.45, total: 103.95, itemAmounts: []float64{100}},
		{name: "tax inclusive", rate: 0.25,
			req: gen.OrderRequest{
				Items:        []gen.OrderItemRequest{item("a", 125, 1, nil)},
				TaxInclusive: new(true),
			},
			subtotal: 125, tax: 25, total: 125, itemAmounts: []float64{125}},
		{name: "order discount larger than the subtotal", rate: 0.1,
			req: gen.OrderRequest{
				Items:    []gen.OrderItemRequest{item("a", 3, 1, nil)},
				Discount: &gen.Discount{AmountOff: new(50.0)},
			},
			subtotal: 3, discount: 3, total: 0, itemAmounts: []float64{3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := make([]gen.OrderItem, len(tc.req.Items))
			got, _ := priceOrder(&tc.req, items, tc.rate)
			want := totals{subtotal: tc.subtotal, discount: tc.discount, shipping: tc.shipping, tax: tc.tax, amount: tc.total}
			if got != want {
				t.Errorf("totals %+v, want %+v", got, want)
			}
			for i, a := range tc.itemAmounts {
				if deref(items[i].Amount) != a || deref(items[i].Tax.Rate) != tc.rate {
					t.Errorf("item %d: amount %v rate %v, want %v %v", i, deref(items[i].Amount), deref(items[i].Tax.Rate), a, tc.rate)
				}
			}
		})
	}
}

var orderIDRE = regexp.MustCompile(`^ord_[0-9]{10}$`)

func TestCreateOrder(t *testing.T) {
	srv := NewServer(t, WithTaxRate(0.0675))
	c := createCustomer(t, srv, gen.CustomerRequest{Email: new("jsmith@digitalriver.com")})
	src := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard, PaymentSessionID: new("ps_42")})
	call(t, srv, "POST", "/customers/"+c.ID+"/sources/"+src.ID, nil).mustStatus(t, 200)

	o := createOrder(t, srv, gen.OrderRequest{
		CustomerID: &c.ID,
		SourceID:   &src.ID,
		Currency:   new("USD"),
		UpstreamID: new("7765374748"),
		Items:      []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(10.0), Quantity: new(2)}},
	})
	if !orderIDRE.MatchString(o.ID) {
		t.Errorf("order id %q, want ord_ and ten digits", o.ID)
	}
	if deref(o.State) != gen.OrderStateAccepted || o.StateTransitions == nil || o.StateTransitions.Accepted == nil || o.StateTransitions.Created == nil {
		t.Errorf("state %v, transitions %+v", deref(o.State), o.StateTransitions)
	}
	if deref(o.TotalAmount) != 21.35 || deref(o.TotalTax) != 1.35 || deref(o.Subtotal) != 20 {
		t.Errorf("totals: subtotal %v tax %v total %v; want 20, 1.35, 21.35", deref(o.Subtotal), deref(o.TotalTax), deref(o.TotalAmount))
	}
	if len(o.Items) != 1 || o.Items[0].ID == nil || deref(o.Items[0].Amount) != 20 {
		t.Errorf("items %+v", o.Items)
	}
	// The default version (2021-12-13) carries the payment under payment.
	p := o.Payment
	if p == nil || o.Sources != nil || o.Charges != nil || o.PaymentSessionID != nil {
		t.Fatalf("payment %+v; top-level sources %v, charges %v, paymentSessionId %v", p, o.Sources, o.Charges, o.PaymentSessionID)
	}
	if len(p.Sources) != 1 || p.Sources[0].ID != src.ID || p.Session == nil || deref(p.Session.ID) != "ps_42" {
		t.Errorf("payment sources %v, session %+v", sourceIDs(p.Sources), p.Session)
	}
	if s := p.Session; s != nil && (deref(s.AmountContributed) != 21.35 || deref(s.AmountRemainingToBeContributed) != 0) {
		t.Errorf("session contributed %v, remaining %v; want 21.35, 0", deref(s.AmountContributed), deref(s.AmountRemainingToBeContributed))
	}
	if len(p.Charges) != 1 || deref(p.Charges[0].Amount) != 21.35 || deref(p.Charges[0].OrderID) != o.ID || deref(p.Charges[0].State) != gen.ChargeStateCapturable {
		t.Errorf("charges %+v", p.Charges)
	}
	if deref(o.ChargeType) != gen.ChargeTypeCustomerInitiated || deref(o.RefundedAmount) != 0 || deref(o.FraudState) != gen.FraudStatePassed {
		t.Errorf("chargeType %v refundedAmount %v fraudState %v", deref(o.ChargeType), deref(o.RefundedAmount), deref(o.FraudState))
	}

	// Without a source there is still something to pay.
	unpaid := createOrder(t, srv, gen.OrderRequest{Items: []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(1.0)}}})
	if deref(unpaid.State) != gen.OrderStatePendingPayment || unpaid.StateTransitions.PendingPayment == nil || unpaid.Payment == nil || len(unpaid.Payment.Charges) != 0 {
		t.Errorf("order without source: state %v, payment %+v", deref(unpaid.State), unpaid.Payment)
	}
	if s := unpaid.Payment.Session; s == nil || deref(s.AmountRemainingToBeContributed) != 1.07 {
		t.Errorf("order without source: session %+v, want 1.07 remaining", s)
	}

	var got gen.Order
	call(t, srv, "GET", "/orders/"+o.ID, nil).mustStatus(t, 200).decode(t, &got)
	if got.ID != o.ID || deref(got.TotalAmount) != 21.35 {
		t.Errorf("get: %+v", got)
	}
}

func TestCreateOrderRefusals(t *testing.T) {
	srv := NewServer(t)
	c := createCustomer(t, srv, gen.CustomerRequest{})
	other := createCustomer(t, srv, gen.CustomerRequest{})
	src := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	call(t, srv, "POST", "/customers/"+other.ID+"/sources/"+src.ID, nil).mustStatus(t, 200)
	for _, tc := range []struct {
		name      string
		req       gen.OrderRequest
		status    int
		parameter string
	}{
		{"unknown customer", gen.OrderRequest{CustomerID: new("cus_nope")}, 404, "customerId"},
		{"unknown source", gen.OrderRequest{SourceID: new("src_nope")}, 404, "sourceId"},
		{"another customer's source", gen.OrderRequest{CustomerID: &c.ID, SourceID: &src.ID}, 409, "sourceId"},
		{"a customer's source without the customer", gen.OrderRequest{SourceID: &src.ID}, 409, "sourceId"},
	} {
		a := call(t, srv, "POST", "/orders", tc.req).mustStatus(t, tc.status)
		if e := a.errs(t).Errors[0]; deref(e.Parameter) != tc.parameter {
			t.Errorf("%s: parameter %q, want %q", tc.name, deref(e.Parameter), tc.parameter)
		}
	}
	if n := len(srv.Orders()); n != 0 {
		t.Errorf("refused orders were stored: %d", n)
	}
}

func TestCreateOrderSeedRequest(t *testing.T) {
	// The reference's createOrder request names customer 5774321009 and a
	// source: create them first, then send it as is.
	srv := NewServer(t)
	createCustomer(t, srv, gen.CustomerRequest{ID: new("5774321009")})
	a := call(t, srv, "POST", "/orders", readFixture(t, "createOrder.request.json"))
	if a.status != 404 || !a.hasError(t, "not_found", "sourceId") {
		t.Fatalf("the reference's source src_a78c... does not exist here: status %d %s", a.status, a.body)
	}
	var o gen.Order
	body := regexp.MustCompile(`"sourceId": "[^"]*",`).ReplaceAll(readFixture(t, "createOrder.request.json"), nil)
	call(t, srv, "POST", "/orders", body).mustStatus(t, 201).decode(t, &o)
	if deref(o.UpstreamID) != "7765374748" || len(o.Items) != 3 || deref(o.Locale) != "en-US" {
		t.Errorf("order from the reference request: %+v", o)
	}
	// Items: 9.99 with 1 unit 10 off (capped: 0), 2 × 9.99 with 2 units 10 off (0), 2 × 9.99.
	if deref(o.Subtotal) != 19.98 || deref(o.TotalShipping) != 0 {
		t.Errorf("subtotal %v shipping %v", deref(o.Subtotal), deref(o.TotalShipping))
	}
}

func TestUpdateOrder(t *testing.T) {
	srv := NewServer(t, WithClock((&stepClock{}).now))
	o := createOrder(t, srv, gen.OrderRequest{UpstreamID: new("u1"), Metadata: gen.Metadata{"a": "1"}, Email: new("x@example.com")})
	var u gen.Order
	call(t, srv, "POST", "/orders/"+o.ID, gen.UpdateOrderRequest{RequestToBeForgotten: new(true)}).mustStatus(t, 200).decode(t, &u)
	if !deref(u.RequestToBeForgotten) || deref(u.UpstreamID) != "u1" || u.Metadata["a"] != "1" || deref(u.Email) != "x@example.com" {
		t.Errorf("update of requestToBeForgotten changed more: %+v", u)
	}
	if !u.UpdatedTime.After(o.UpdatedTime.Time) {
		t.Errorf("updatedTime %v not after %v", u.UpdatedTime, o.UpdatedTime)
	}
	var u2 gen.Order
	call(t, srv, "POST", "/orders/"+o.ID, readFixture(t, "updateOrder.request.json")).mustStatus(t, 200).decode(t, &u2)
	if _, ok := u2.Metadata["a"]; ok || u2.Metadata["coupon"] != "iOS" || deref(u2.UpstreamID) != "u1" {
		t.Errorf("after the reference update: metadata %v (the new replaces the old), upstreamId %v", u2.Metadata, deref(u2.UpstreamID))
	}
	call(t, srv, "POST", "/orders/ord_nope", gen.UpdateOrderRequest{}).mustStatus(t, 404)
}

func TestListOrdersFilters(t *testing.T) {
	srv := NewServer(t)
	c1 := createCustomer(t, srv, gen.CustomerRequest{})
	src := createSource(t, srv, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	call(t, srv, "POST", "/customers/"+c1.ID+"/sources/"+src.ID, nil).mustStatus(t, 200)
	sub := &gen.SubscriptionInfo{SubscriptionID: new("sub_9")}
	o1 := createOrder(t, srv, gen.OrderRequest{
		CustomerID: &c1.ID, SourceID: &src.ID, CheckoutID: new("chk_1"), ApplicationID: new("app_1"),
		Email: new("One@Example.com"), Currency: new("USD"), BrowserIP: new("10.0.0.1"), Locale: new("en_US"),
		ChargeType: new(gen.ChargeTypeMoto), CustomerType: new(gen.CustomerTypeBusiness), UpstreamID: new("up_1"),
		Items: []gen.OrderItemRequest{{SkuID: "sku_a", Price: new(5.0), SubscriptionInfo: sub}},
	})
	o2 := createOrder(t, srv, gen.OrderRequest{
		Email: new("two@example.com"), Currency: new("eur"), Locale: new("de-DE"), UpstreamID: new("up_2"),
		CustomerType: new(gen.CustomerTypeIndividual),
		Items:        []gen.OrderItemRequest{{SkuID: "sku_b", Price: new(5.0)}},
	})
	o3 := createOrder(t, srv, gen.OrderRequest{}) // nothing to pay: accepted

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{o3.ID, o2.ID, o1.ID}},
		{"?ids=" + o1.ID + "&ids=" + o3.ID, []string{o3.ID, o1.ID}},
		{"?upstreamIds=up_2&upstreamIds=up_9", []string{o2.ID}},
		{"?state=accepted", []string{o3.ID, o1.ID}},
		{"?state=pending_payment", []string{o2.ID}},
		{"?customerId=" + c1.ID, []string{o1.ID}},
		{"?checkoutId=chk_1", []string{o1.ID}},
		{"?applicationId=app_1", []string{o1.ID}},
		{"?email=one@example.com", []string{o1.ID}},
		{"?currency=usd", []string{o1.ID}},
		{"?currency=EUR", []string{o2.ID}},
		{"?skuId=sku_b", []string{o2.ID}},
		{"?fraudState=passed", []string{o3.ID, o2.ID, o1.ID}},
		{"?fraudState=blocked", nil},
		{"?browserIp=10.0.0.1", []string{o1.ID}},
		{"?chargeType=moto", []string{o1.ID}},
		{"?chargeType=customer_initiated", []string{o3.ID, o2.ID}},
		{"?subscriptionId=sub_9", []string{o1.ID}},
		{"?refundedAmount=0", []string{o3.ID, o2.ID, o1.ID}},
		{"?refundedAmount=1.5", nil},
		{"?locale=en-US", []string{o1.ID}},
		{"?locale=de_DE", []string{o2.ID}},
		{"?customerType=business", []string{o1.ID}},
		{"?customerType=individual&currency=eur", []string{o2.ID}},
		{"?customerType=individual&currency=usd", nil},
	} {
		if got, more := listOrders(t, srv, tc.query); !slices.Equal(got, tc.want) || more {
			t.Errorf("GET /orders%s = %v (hasMore %v), want %v", tc.query, got, more, tc.want)
		}
	}
}
