package drapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// The live API's conventions, end to end: a client talking to the fake
// through the contract-checking transport.

// uuidV4 matches a random (version 4) UUID.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// hookLog collects what a response hook sees.
type hookLog struct {
	mu    sync.Mutex
	infos []client.ResponseInfo
}

func (h *hookLog) hook(_ context.Context, info client.ResponseInfo) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.infos = append(h.infos, info)
}

func (h *hookLog) all() []client.ResponseInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]client.ResponseInfo(nil), h.infos...)
}

func TestTroubleshootingHeaders(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t, drapitest.WithFaults(
		drapitest.Fault{Operation: gen.OpCreateCustomer, Times: 1, Status: 429},
	))
	var hooks hookLog
	c := srv.NewClient(client.WithBackoff(time.Millisecond, time.Millisecond),
		client.WithAPIVersion("2021-03-23"), client.WithUserAgent("checkout-service/1.4 (build 7)"),
		client.WithResponseHook(hooks.hook))

	shopperCtx := client.WithShopper(ctx, "sess-8c1f", "2001:db8::1")
	cust, err := c.Customers.Create(shopperCtx, gen.CustomerRequest{Email: new("jsmith@digitalriver.com")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customers.Get(client.WithShopper(ctx, "", "203.0.113.7:52114"), cust.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Customers.Get(ctx, "cus_missing")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("get of a missing customer: %v", err)
	}

	calls := srv.Calls()
	if len(calls) != 4 {
		t.Fatalf("%d calls, want 4 (429, 201, 200, 404): %+v", len(calls), calls)
	}
	retried, created, got, missing := calls[0], calls[1], calls[2], calls[3]
	if retried.Status != 429 || created.Status != 201 {
		t.Fatalf("statuses %d, %d; want 429 then 201", retried.Status, created.Status)
	}
	// One upstream-id per call, the same on its retry, a fresh one per call.
	if !uuidV4.MatchString(created.UpstreamID) || retried.UpstreamID != created.UpstreamID {
		t.Errorf("upstream-id %q on the attempt, %q on its retry; want one UUIDv4", retried.UpstreamID, created.UpstreamID)
	}
	if got.UpstreamID == created.UpstreamID || missing.UpstreamID == got.UpstreamID || !uuidV4.MatchString(got.UpstreamID) {
		t.Errorf("upstream-ids of three calls: %q, %q, %q; want three different", created.UpstreamID, got.UpstreamID, missing.UpstreamID)
	}
	for i, cl := range calls {
		if cl.Version != "2021-03-23" || cl.UpstreamApplicationID != "checkout-service/1.4" {
			t.Errorf("call %d: DigitalRiver-Version %q, upstream-application-id %q", i, cl.Version, cl.UpstreamApplicationID)
		}
	}
	if created.UpstreamSessionID != "sess-8c1f" || created.Forwarded != `for="[2001:db8::1]"` || retried.Forwarded != created.Forwarded {
		t.Errorf("shopper headers: upstream-session-id %q, forwarded %q", created.UpstreamSessionID, created.Forwarded)
	}
	if got.UpstreamSessionID != "" || got.Forwarded != "for=203.0.113.7" {
		t.Errorf("shopper without session, with address:port: upstream-session-id %q, forwarded %q", got.UpstreamSessionID, got.Forwarded)
	}
	if missing.UpstreamSessionID != "" || missing.Forwarded != "" {
		t.Errorf("a call without a shopper sent upstream-session-id %q, forwarded %q", missing.UpstreamSessionID, missing.Forwarded)
	}

	// The request ID: from x-dr-requestid, in the error and in the hook.
	if apiErr.RequestID == "" || apiErr.RequestID != missing.RequestID {
		t.Errorf("APIError.RequestID %q, the fake answered %q", apiErr.RequestID, missing.RequestID)
	}
	if !strings.Contains(apiErr.Error(), missing.RequestID) {
		t.Errorf("the error does not quote the request ID: %v", apiErr)
	}
	infos := hooks.all()
	if len(infos) != len(calls) {
		t.Fatalf("the hook saw %d answers, want %d", len(infos), len(calls))
	}
	for i, info := range infos {
		if info.RequestID != calls[i].RequestID || info.StatusCode != calls[i].Status || info.UpstreamID != calls[i].UpstreamID {
			t.Errorf("hook %d: %+v; the fake answered %+v", i, info, calls[i])
		}
	}
	if infos[0].Attempt != 1 || infos[1].Attempt != 2 || infos[1].Operation != gen.OpCreateCustomer || infos[1].Path != "/customers" {
		t.Errorf("hook on the retried call: %+v, %+v", infos[0], infos[1])
	}
	seen := map[string]bool{}
	for _, cl := range calls {
		if cl.RequestID == "" || seen[cl.RequestID] {
			t.Errorf("request ID %q empty or repeated", cl.RequestID)
		}
		seen[cl.RequestID] = true
	}
}

func TestRequestIDAndUpstreamIDInLogs(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := drapitest.NewServer(t, drapitest.WithFaults(drapitest.Fault{Operation: gen.OpGetCustomer, Times: 1, Status: 503}))
	c := srv.NewClient(client.WithBackoff(time.Millisecond, time.Millisecond), client.WithLogger(logger))
	if _, err := c.Customers.Get(context.Background(), "cus_missing"); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("got %v, want a 404", err)
	}
	calls := srv.Calls()
	mu.Lock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	mu.Unlock()
	if len(lines) != 3 {
		t.Fatalf("%d log records, want 3 (503, retrying, 404):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	wantRID := []string{calls[0].RequestID, calls[0].RequestID, calls[1].RequestID}
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["request_id"] != wantRID[i] || rec["upstream_id"] != calls[0].UpstreamID {
			t.Errorf("record %d: request_id %v, upstream_id %v; want %s, %s", i, rec["request_id"], rec["upstream_id"], wantRID[i], calls[0].UpstreamID)
		}
		if strings.Contains(line, srv.Key()) {
			t.Errorf("record %d holds the key", i)
		}
	}
}

// writerFunc is an io.Writer made of a function.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestShopperAndVersionInputsRefused(t *testing.T) {
	srv := drapitest.NewServer(t)
	c := srv.NewClient()
	for name, ctx := range map[string]context.Context{
		"CR LF in session": client.WithShopper(context.Background(), "s\r\nX-Evil: 1", ""),
		"not an IP":        client.WithShopper(context.Background(), "", "shopper.example"),
		"IP with CR LF":    client.WithShopper(context.Background(), "", "1.2.3.4\r\nX-Evil: 1"),
	} {
		_, err := c.Customers.Get(ctx, "cus_1")
		if err == nil || !strings.Contains(err.Error(), "WithShopper") {
			t.Errorf("%s: %v, want an error naming WithShopper", name, err)
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d requests sent with refused shopper headers", n)
	}
	for _, opt := range []client.Option{
		client.WithAPIVersion("2021-13-01"), client.WithAPIVersion("20211213"), client.WithAPIVersion(""),
		client.WithUpstreamApplicationID("checkout service/1.4"), client.WithUpstreamApplicationID("app/1\r\nX: y"),
		client.WithUpstreamApplicationID(""),
	} {
		if _, err := client.New(srv.Key(), opt); err == nil {
			t.Errorf("an invalid option was accepted")
		}
	}
}

func TestDeclineAndRecovery(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t, drapitest.WithFaults(
		drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Decline: client.CodeFraudBlock},
	))
	c := newClient(t, srv)
	item := []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(10.0)}}

	// A decline: 409, no order, never retried.
	_, err := c.Orders.Create(ctx, gen.OrderRequest{CheckoutID: new("chk_1"), Items: item})
	var apiErr *client.APIError
	if !errors.Is(err, client.ErrDeclined) || !errors.Is(err, client.ErrConflict) || errors.Is(err, client.ErrOutcomeUnknown) ||
		!errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeFraudBlock) || apiErr.HasCode(client.CodeDeclined) {
		t.Fatalf("declined create: %v", err)
	}
	if n := len(srv.Orders()); n != 0 || len(srv.Calls()) != 1 {
		t.Fatalf("a declined order left %d orders after %d calls", n, len(srv.Calls()))
	}

	// A 409 elsewhere is a conflict, not a decline.
	cust, _ := c.Customers.Create(ctx, gen.CustomerRequest{ID: new("cus_dup")})
	_, err = c.Customers.Create(ctx, gen.CustomerRequest{ID: &cust.ID})
	if !errors.Is(err, client.ErrConflict) || errors.Is(err, client.ErrDeclined) || !errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeAlreadyExists) {
		t.Errorf("duplicate customer: %v", err)
	}

	// The checkout's order is made, the answer lost: CreateOrFind finds it.
	if err := srv.SetFaults(drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, DropResponse: true}); err != nil {
		t.Fatal(err)
	}
	req := gen.OrderRequest{CheckoutID: new("chk_2"), Items: item}
	o, err := c.Orders.CreateOrFind(ctx, req)
	if err != nil {
		t.Fatalf("CreateOrFind after a lost answer: %v", err)
	}
	if orders := srv.Orders(); len(orders) != 1 || orders[0].ID != o.ID {
		t.Fatalf("orders %v, CreateOrFind returned %s", len(orders), o.ID)
	}
	// The same checkout again: the API's 404 on orderId, recognised.
	_, err = c.Orders.Create(ctx, req)
	if !errors.Is(err, client.ErrOrderExists) || !errors.Is(err, client.ErrNotFound) || !errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeNotFound) {
		t.Fatalf("second create from one checkout: %v", err)
	}
	again, err := c.Orders.CreateOrFind(ctx, req)
	if err != nil || again.ID != o.ID || len(srv.Orders()) != 1 {
		t.Fatalf("CreateOrFind of a used checkout: %v, %v; %d orders", again, err, len(srv.Orders()))
	}
	// A 404 for another reason is not "already created".
	_, err = c.Orders.Create(ctx, gen.OrderRequest{CustomerID: new("cus_none"), Items: item})
	if !errors.Is(err, client.ErrNotFound) || errors.Is(err, client.ErrOrderExists) {
		t.Errorf("order for an unknown customer: %v", err)
	}

	// Dropped before the fake acted, with an upstreamId only: not found,
	// created once.
	if err := srv.SetFaults(drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Drop: true}); err != nil {
		t.Fatal(err)
	}
	o3, err := c.Orders.CreateOrFind(ctx, gen.OrderRequest{UpstreamID: new("up-3"), Items: item})
	if err != nil || deref(o3.UpstreamID) != "up-3" {
		t.Fatalf("CreateOrFind after a dropped connection: %v", err)
	}
	n := 0
	for _, o := range srv.Orders() {
		if deref(o.UpstreamID) == "up-3" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d orders with upstreamId up-3, want 1", n)
	}
	if _, err := c.Orders.CreateOrFind(ctx, gen.OrderRequest{Items: item}); err == nil {
		t.Error("CreateOrFind without checkoutId or upstreamId was accepted")
	}
}

func TestAttachRules(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t)
	c := newClient(t, srv)
	cust, err := c.Customers.Create(ctx, gen.CustomerRequest{})
	if err != nil {
		t.Fatal(err)
	}
	single, _ := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypePayPal})
	_, err = c.Customers.AttachSource(ctx, cust.ID, single.ID)
	var apiErr *client.APIError
	if !errors.Is(err, client.ErrConflict) || !errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeNonreusableSource) {
		t.Fatalf("attaching a single-use source: %v", err)
	}
	card1, _ := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	card2, _ := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypeCreditCard})
	for _, id := range []string{card1.ID, card2.ID} {
		if _, err := c.Customers.AttachSource(ctx, cust.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := c.Customers.Get(ctx, cust.ID)
	if deref(got.DefaultSourceID) != card1.ID {
		t.Errorf("defaultSourceId %v, want the first source attached, %s", deref(got.DefaultSourceID), card1.ID)
	}
	if err := c.Customers.DetachSource(ctx, cust.ID, card2.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Orders.Create(ctx, gen.OrderRequest{CustomerID: &cust.ID, SourceID: &card2.ID, Items: []gen.OrderItemRequest{{SkuID: "s", Price: new(1.0)}}})
	if !errors.Is(err, client.ErrDeclined) || !errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeSourceNotChargeable) {
		t.Errorf("order with a detached source: %v", err)
	}
	if _, err := c.Customers.AttachSource(ctx, cust.ID, card2.ID); !errors.As(err, &apiErr) || !apiErr.HasCode(client.CodeSourceNotChargeable) {
		t.Errorf("re-attaching a detached source: %v", err)
	}
}

func TestMetadataLimits(t *testing.T) {
	srv := drapitest.NewServer(t)
	// A plain HTTP client, so the fake, not the contract-checking transport,
	// judges the metadata.
	c := srv.NewClient(client.WithHTTPClient(&http.Client{}))
	many := map[string]any{}
	for i := range 21 {
		many[string(rune('a'+i))] = i
	}
	for name, tc := range map[string]struct {
		md   map[string]any
		code string
	}{
		"21 keys":        {many, client.CodeTooManyMetadataPairs},
		"41-letter key":  {map[string]any{strings.Repeat("k", 41): "v"}, client.CodeInvalidMetadataKey},
		"501-char value": {map[string]any{"k": strings.Repeat("v", 501)}, client.CodeInvalidMetadataValue},
	} {
		_, err := c.Customers.Create(context.Background(), gen.CustomerRequest{Metadata: tc.md})
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrBadRequest) || !apiErr.HasCode(tc.code) || len(apiErr.Errors) != 1 {
			t.Errorf("%s: %v, want a 400 with one error %s", name, err, tc.code)
		}
	}
	if n := len(srv.Customers()); n != 0 {
		t.Errorf("%d customers made with refused metadata", n)
	}
	twenty := map[string]any{}
	for i := range 20 {
		twenty[strings.Repeat(string(rune('a'+i)), 40)] = strings.Repeat("v", 500)
	}
	if _, err := c.Customers.Create(context.Background(), gen.CustomerRequest{Metadata: twenty}); err != nil {
		t.Errorf("metadata at the limits: %v", err)
	}
}

func TestRangeFilters(t *testing.T) {
	ctx := context.Background()
	clock := &tick{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	srv := drapitest.NewServer(t, drapitest.WithClock(clock.now))
	c := newClient(t, srv)
	var ids []string
	for i := range 5 { // created 12:00:01 ... 12:00:05, totals 11, 22, ..., 55
		o, err := c.Orders.Create(ctx, gen.OrderRequest{Items: []gen.OrderItemRequest{{SkuID: "sku_1", Price: new(10.0), Quantity: new(i + 1)}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	at := func(s int) time.Time { return clock.start().Add(time.Duration(s) * time.Second) }

	list := func(p *gen.ListOrdersParams) []string {
		t.Helper()
		var out []string
		for o, err := range c.Orders.All(ctx, p) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, o.ID)
		}
		return out
	}
	if got := list(&gen.ListOrdersParams{CreatedTime: client.Since(at(4))}); !equal(got, ids[4], ids[3]) {
		t.Errorf("createdTime since 12:00:04: %v", got)
	}
	if got := list(&gen.ListOrdersParams{CreatedTime: client.Between(at(2), at(4))}); !equal(got, ids[2], ids[1]) {
		t.Errorf("createdTime in [12:00:02, 12:00:04): %v", got)
	}
	if got := list(&gen.ListOrdersParams{CreatedTime: client.Before(at(2))}); !equal(got, ids[0]) {
		t.Errorf("createdTime before 12:00:02: %v", got)
	}
	if got := list(&gen.ListOrdersParams{TotalAmount: &gen.AmountRange{Gt: new(22.0), Lte: new(44.0)}}); !equal(got, ids[3], ids[2]) {
		t.Errorf("totalAmount in (22, 44]: %v", got)
	}
	if got := list(&gen.ListOrdersParams{PendingPayment: client.Since(at(5))}); !equal(got, ids[4]) {
		t.Errorf("pending_payment since 12:00:05: %v", got)
	}
	if got := list(&gen.ListOrdersParams{FraudPassed: client.Before(at(1))}); len(got) != 0 {
		t.Errorf("fraudStateTransitions.passed before the first order: %v", got)
	}
	// The wire form: deepObject, RFC 3339 in UTC.
	last := srv.Calls()[len(srv.Calls())-1]
	q, _ := url.ParseQuery(last.Query)
	if q.Get("fraudStateTransitions.passed[lt]") != "2026-05-01T12:00:01Z" {
		t.Errorf("query %q", last.Query)
	}

	// Orders updated since a checkpoint: an update moves an old order in.
	checkpoint := at(5)
	if _, err := c.Orders.Update(ctx, ids[0], gen.UpdateOrderRequest{UpstreamID: new("late")}); err != nil {
		t.Fatal(err)
	}
	if got := list(&gen.ListOrdersParams{UpdatedTime: client.Since(checkpoint.Add(time.Second))}); !equal(got, ids[0]) {
		t.Errorf("updatedTime since the checkpoint: %v", got)
	}

	// Customers too.
	cust, err := c.Customers.Create(ctx, gen.CustomerRequest{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.Customers.List(ctx, &gen.ListCustomersParams{CreatedTime: client.Since(cust.CreatedTime.Time)})
	if err != nil || len(l.Data) != 1 || l.Data[0].ID != cust.ID {
		t.Errorf("customers created since: %v %v", l, err)
	}
	l, err = c.Customers.List(ctx, &gen.ListCustomersParams{UpdatedTime: client.Before(cust.CreatedTime.Time)})
	if err != nil || len(l.Data) != 0 {
		t.Errorf("customers updated before the first: %v %v", l, err)
	}
}

// tick is a clock that moves one second per reading.
type tick struct {
	mu sync.Mutex
	t  time.Time
	n  int
}

func (c *tick) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.t.Add(time.Duration(c.n) * time.Second)
}

func (c *tick) start() time.Time { return c.t }

func equal(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestOrderShapeFollowsVersion(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t)
	c := newClient(t, srv)
	cust, _ := c.Customers.Create(ctx, gen.CustomerRequest{})
	src, _ := c.Sources.Create(ctx, gen.SourceRequest{Type: gen.SourceTypeCreditCard, PaymentSessionID: new("ps_9")})
	if _, err := c.Customers.AttachSource(ctx, cust.ID, src.ID); err != nil {
		t.Fatal(err)
	}
	o, err := c.Orders.Create(ctx, gen.OrderRequest{CustomerID: &cust.ID, SourceID: &src.ID,
		Items: []gen.OrderItemRequest{{ProductDetails: &gen.ProductDetails{ID: new("prod_1"), Name: new("Widget")}, Price: new(5.0)}}})
	if err != nil {
		t.Fatal(err)
	}
	// The fake's default, gen.ContractVersion: payment.
	if o.Payment == nil || len(o.Payment.Charges) != 1 || o.Payment.Session == nil || deref(o.Payment.Session.ID) != "ps_9" || o.Charges != nil || o.Sources != nil {
		t.Errorf("default version: payment %+v, top-level charges %v", o.Payment, o.Charges)
	}
	for _, tc := range []struct {
		version string
		payment bool
	}{{"2021-12-13", true}, {"2021-03-23", true}, {"2021-02-23", false}, {"2020-09-30", false}} {
		vc := srv.NewClient(client.WithAPIVersion(tc.version))
		got, err := vc.Orders.Get(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		l, err := vc.Orders.List(ctx, &gen.ListOrdersParams{IDs: []string{o.ID}})
		if err != nil || len(l.Data) != 1 {
			t.Fatal(l, err)
		}
		for _, g := range []*gen.Order{got, &l.Data[0]} {
			if tc.payment {
				if g.Payment == nil || len(g.Payment.Sources) != 1 || g.Sources != nil || g.Charges != nil || g.PaymentSessionID != nil {
					t.Errorf("%s: want payment only, got payment %+v, sources %v, charges %v", tc.version, g.Payment, g.Sources, g.Charges)
				}
			} else if g.Payment != nil || len(g.Sources) != 1 || len(g.Charges) != 1 || deref(g.PaymentSessionID) != "ps_9" {
				t.Errorf("%s: want the top-level shape, got payment %+v, sources %v, charges %v, paymentSessionId %v",
					tc.version, g.Payment, g.Sources, g.Charges, deref(g.PaymentSessionID))
			}
		}
	}
	// A fake whose default is older answers in the older shape.
	old := drapitest.NewServer(t, drapitest.WithAPIVersion("2021-02-23"), drapitest.WithSeedFixtures())
	seeded, err := old.NewClient().Orders.Get(ctx, "ord_5823594809")
	if err != nil || seeded.Payment != nil || len(seeded.Charges) == 0 {
		t.Errorf("old default, seed order: %+v, %v", seeded, err)
	}
	seeded, err = old.NewClient(client.WithAPIVersion(gen.ContractVersion)).Orders.Get(ctx, "ord_5823594809")
	if err != nil || seeded.Payment == nil || len(seeded.Payment.Charges) == 0 || seeded.Charges != nil {
		t.Errorf("seed order in %s: %+v, %v", gen.ContractVersion, seeded, err)
	}

	// expand: productDetails only when asked.
	plain, _ := c.Orders.Get(ctx, o.ID)
	full, err := c.Orders.GetExpanded(ctx, o.ID)
	if err != nil || plain.Items[0].ProductDetails != nil || full.Items[0].ProductDetails == nil || deref(full.Items[0].ProductDetails.Name) != "Widget" {
		t.Errorf("expand: plain %+v, expanded %+v, %v", plain.Items[0].ProductDetails, full.Items, err)
	}
	if q := srv.Calls()[len(srv.Calls())-1].Query; q != "expand=true" {
		t.Errorf("GetExpanded sent query %q", q)
	}
}

// deref returns *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func TestDefaultHeaders(t *testing.T) {
	srv := drapitest.NewServer(t, drapitest.WithSeedFixtures())
	if _, err := srv.NewClient().Customers.Get(context.Background(), "5823594809"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.NewClient(client.WithUpstreamApplicationID("billing-worker/7")).Customers.Get(context.Background(), "5823594809"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	// No version pinned: the account's default applies, no header is sent.
	if calls[0].Version != "" || !strings.HasPrefix(calls[0].UpstreamApplicationID, "drapi-go/") || !uuidV4.MatchString(calls[0].UpstreamID) {
		t.Errorf("default client: version %q, upstream-application-id %q, upstream-id %q", calls[0].Version, calls[0].UpstreamApplicationID, calls[0].UpstreamID)
	}
	if calls[1].UpstreamApplicationID != "billing-worker/7" {
		t.Errorf("WithUpstreamApplicationID: sent %q", calls[1].UpstreamApplicationID)
	}
}

// liveFixture decodes a payload of testdata/live, in the shapes the live
// API sends from 2021-03-23 on.
func liveFixture[T any](t *testing.T, name string) T {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "live", name))
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// An order in the live shape (payment only) is served in the older shape to
// an older version, and its checkout cannot make a second order.
func TestLiveOrderFixture(t *testing.T) {
	ctx := context.Background()
	live := liveFixture[gen.Order](t, "getOrder.response.json")
	srv := drapitest.NewServer(t, drapitest.WithOrders(live))
	c := newClient(t, srv)

	old, err := srv.NewClient(client.WithAPIVersion("2021-02-23")).Orders.Get(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Payment != nil || len(old.Charges) != len(live.Payment.Charges) || len(old.Sources) != len(live.Payment.Sources) ||
		deref(old.PaymentSessionID) != deref(live.Payment.Session.ID) {
		t.Errorf("2021-02-23: payment %+v, charges %d, sources %d, paymentSessionId %v", old.Payment, len(old.Charges), len(old.Sources), deref(old.PaymentSessionID))
	}
	cur, err := c.Orders.GetExpanded(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(live)
	got, _ := json.Marshal(cur)
	if !bytes.Equal(got, want) {
		t.Errorf("served in the default version with expand, the order changed:\n got %s\nwant %s", got, want)
	}

	req := liveFixture[gen.OrderRequest](t, "createOrder.request.json")
	req.CustomerID = nil // the fake has no such customer; the checkout is what counts
	_, err = c.Orders.Create(ctx, req)
	if !errors.Is(err, client.ErrOrderExists) {
		t.Fatalf("an order from the checkout of %s: %v", live.ID, err)
	}
	found, err := c.Orders.CreateOrFind(ctx, req)
	if err != nil || found.ID != live.ID {
		t.Errorf("CreateOrFind: %v, %v; want %s", found, err, live.ID)
	}
}

// Every page All fetches is a call of its own: its own upstream-id, and
// the hook sees each answer, though pages are fetched on another goroutine.
func TestHookAndUpstreamIDsWhilePaging(t *testing.T) {
	ctx := context.Background()
	srv := drapitest.NewServer(t)
	var hooks hookLog
	c := srv.NewClient(client.WithResponseHook(hooks.hook))
	for range 25 {
		if _, err := c.Customers.Create(ctx, gen.CustomerRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetCalls()
	before := len(hooks.all())
	n := 0
	for _, err := range c.Customers.All(ctx, &gen.ListCustomersParams{Limit: new(10)}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	calls, infos := srv.Calls(), hooks.all()[before:]
	if n != 25 || len(calls) != 3 || len(infos) != 3 {
		t.Fatalf("%d customers in %d calls, %d hook calls; want 25 in 3, 3", n, len(calls), len(infos))
	}
	ids := map[string]bool{}
	for i, cl := range calls {
		ids[cl.UpstreamID] = true
		if infos[i].RequestID != cl.RequestID {
			t.Errorf("page %d: hook request ID %q, the fake's %q", i, infos[i].RequestID, cl.RequestID)
		}
	}
	if len(ids) != 3 {
		t.Errorf("3 pages sent %d distinct upstream-ids", len(ids))
	}
}
