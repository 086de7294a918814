package drapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// liveFixtures are the payloads of testdata/live: the shapes of API version
// 2021-03-23 and later (see its README for where their facts come from).
func liveFixtures(t *testing.T) []fixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "live", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no live fixtures: %v", err)
	}
	var out []fixture
	for _, f := range files {
		parts := strings.Split(filepath.Base(f), ".")
		out = append(out, fixture{op: parts[0], direction: parts[1], file: f})
	}
	return out
}

// Each live fixture validates through package api, and against the contract
// with every object closed: each of its fields is one the contract declares.
// Each survives a decode/encode round trip through gen with no field lost.
func TestLiveFixtures(t *testing.T) {
	doc, closed := loadSpec(t), closedSpec(t)
	for _, f := range liveFixtures(t) {
		t.Run(f.op+"."+f.direction, func(t *testing.T) {
			raw, want := readJSON(t, f.file)
			dir := api.InResponse
			if f.direction == "request" {
				dir = api.InRequest
			}
			if err := api.ValidateOperation(context.Background(), f.op, dir, 0, raw); err != nil {
				t.Errorf("api: %v", err)
			}
			schema, _ := fixtureSchema(t, closed, f)
			if err := schema.Value.VisitJSON(want, visitOptions(f.direction)...); err != nil {
				t.Errorf("closed: %v", err)
			}
			_, name := fixtureSchema(t, doc, f)
			typed := goTypes[name]()
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(typed); err != nil {
				t.Fatalf("decode into %T: %v", typed, err)
			}
			if diff := jsonDiff("", want, reencode(t, typed)); diff != "" {
				t.Errorf("%T round trip changed the payload:\n%s", typed, diff)
			}
		})
	}
}

// An order of API version 2021-03-23 carries its payment under payment, and
// a service reads every new field from the generated Order.
func TestLiveOrderFields(t *testing.T) {
	raw, err := os.ReadFile("testdata/live/getOrder.response.json")
	if err != nil {
		t.Fatal(err)
	}
	var o gen.Order
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Charges) != 0 || len(o.Sources) != 0 || o.PaymentSessionID != nil {
		t.Errorf("the 2021-03-23 shape has no top-level charges, sources or paymentSessionId: %v %v %v", o.Charges, o.Sources, o.PaymentSessionID)
	}
	p := o.Payment
	if p == nil || len(p.Sources) != 1 || len(p.Charges) != 1 || p.Session == nil {
		t.Fatalf("payment = %+v", p)
	}
	src := p.Sources[0]
	if src.Type == nil || *src.Type != gen.SourceTypeKlarnaCredit || src.KlarnaCredit == nil || src.KlarnaCredit.Shipping == nil ||
		src.KlarnaCredit.Shipping.Address == nil || *src.KlarnaCredit.Shipping.Address.City != "Berlin" {
		t.Errorf("payment.sources[0] = %+v", src)
	}
	if c := p.Charges[0]; c.Amount == nil || *c.Amount != 128.52 || c.State == nil || *c.State != gen.ChargeStatePending {
		t.Errorf("payment.charges[0] = %+v", c)
	}
	s := p.Session
	if s.ID == nil || *s.ID != "5e0f4b6a-2c1d-4e8f-9a7b-3c2d1e0f9a8b" || s.AmountRemainingToBeContributed == nil || *s.AmountRemainingToBeContributed != 0 ||
		s.State == nil || *s.State != gen.PaymentSessionStatePendingRedirect {
		t.Errorf("payment.session = %+v", s)
	}
	if na := s.NextAction; na == nil || na.Action == nil || *na.Action != gen.NextActionTypeRedirect || na.Data == nil ||
		na.Data.RedirectURL == nil || !strings.HasPrefix(*na.Data.RedirectURL, "https://api.digitalriver.com/payments/redirects/") {
		t.Errorf("payment.session.nextAction = %+v", na)
	}
	if o.Organization == nil || *o.Organization.ID != "org_48213" {
		t.Errorf("organization = %+v", o.Organization)
	}
	if o.InvoiceAttributes == nil || len(o.InvoiceAttributes.Atttributes) != 1 || *o.InvoiceAttributes.Atttributes[0].InvoiceTitle != "Weber Consulting" {
		t.Errorf("invoiceAttributes = %+v", o.InvoiceAttributes)
	}
	if o.Disclosures == nil || len(o.Disclosures.Disclosures) != 2 || o.Disclosures.Disclosures[0].Type != gen.DisclosureTypeTermsOfSale {
		t.Errorf("disclosures = %+v", o.Disclosures)
	}
	if b := o.BillingOptimization; b == nil || *b.SubscriptionID != "sub_90417" || *b.RenewalAttemptNumber != 1 {
		t.Errorf("billingOptimization = %+v", b)
	}
	if len(o.Items) != 2 {
		t.Fatalf("%d items", len(o.Items))
	}
	it := o.Items[1]
	if it.SkuID != nil || it.ProductDetails == nil || *it.ProductDetails.Name != "Backup drive, 64 GB" ||
		it.ProductDetails.WeightUnit == nil || *it.ProductDetails.WeightUnit != gen.ProductDetailsWeightUnitG {
		t.Errorf("items[1] product = %+v %+v", it.SkuID, it.ProductDetails)
	}
	if it.State == nil || *it.State != gen.OrderItemStateCreated || it.StateTransitions == nil || it.StateTransitions.Created == nil ||
		it.StateTransitions.Created.UTC().Format("2006-01-02T15:04:05Z") != "2023-03-14T09:26:53Z" {
		t.Errorf("items[1] state = %v %+v", it.State, it.StateTransitions)
	}
	if it.SellerTaxIdentifier == nil || *it.SellerTaxIdentifier != "IE3206488LH" || it.Shipping == nil || *it.Shipping.Amount != 8 || *it.Shipping.TaxAmount != 1.52 {
		t.Errorf("items[1] seller and shipping = %v %+v", it.SellerTaxIdentifier, it.Shipping)
	}
}

// A source type with no details of its own arrives as an empty object, and
// goes back out as one: presence is kept.
func TestEmptySourceDetailsRoundTrip(t *testing.T) {
	const in = `{"id":"src_1","type":"applePay","applePay":{},"customerCredit":{}}`
	var s gen.Source
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.ApplePay == nil || s.CustomerCredit == nil || s.CodJapan != nil {
		t.Errorf("decoded %+v", s)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if diff := jsonDiff("", want, reencode(t, json.RawMessage(out))); diff != "" {
		t.Errorf("round trip gave %s:\n%s", out, diff)
	}
}

// A request item may describe its product instead of naming a SKU, and
// price the whole line with aggregatePrice; the Go type sends no skuId then.
func TestOrderRequestByProductDetails(t *testing.T) {
	req := gen.OrderRequest{
		InvoiceAttributeID: new("inv-attr-6Q2B"),
		Organization:       &gen.Organization{ID: new("org_48213")},
		Items: []gen.OrderItemRequest{{
			ProductDetails: &gen.ProductDetails{Name: new("Backup drive, 64 GB"), SkuGroupID: new("physical-goods")},
			AggregatePrice: new(48.0),
			Quantity:       new(2),
		}},
	}
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(body, []byte("skuId")) {
		t.Errorf("an item without a SKU sends skuId: %s", body)
	}
	if err := api.ValidateOperation(context.Background(), "createOrder", api.InRequest, 0, body); err != nil {
		t.Errorf("%s: %v", body, err)
	}
}
