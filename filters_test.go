package drapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/genclient"
	"github.com/drapi-go/drapi/internal/genserver"
)

// paramsServer answers the list and get operations with an empty success,
// handing over the parameters the generated server bound. The other
// operations are never called.
type paramsServer struct {
	genserver.StrictServerInterface
	orders    chan gen.ListOrdersParams
	customers chan gen.ListCustomersParams
	getOrder  chan gen.GetOrderParams
}

func (s paramsServer) ListOrders(_ context.Context, r genserver.ListOrdersRequestObject) (genserver.ListOrdersResponseObject, error) {
	s.orders <- r.Params
	return genserver.ListOrders200JSONResponse{Body: gen.OrderList{Data: []gen.Order{}}}, nil
}

func (s paramsServer) ListCustomers(_ context.Context, r genserver.ListCustomersRequestObject) (genserver.ListCustomersResponseObject, error) {
	s.customers <- r.Params
	return genserver.ListCustomers200JSONResponse{Body: gen.CustomerList{Data: []gen.Customer{}}}, nil
}

func (s paramsServer) GetOrder(_ context.Context, r genserver.GetOrderRequestObject) (genserver.GetOrderResponseObject, error) {
	s.getOrder <- r.Params
	return genserver.GetOrder200JSONResponse{Body: gen.Order{ID: r.ID}}, nil
}

func newParamsServer() (paramsServer, http.Handler) {
	s := paramsServer{orders: make(chan gen.ListOrdersParams, 1), customers: make(chan gen.ListCustomersParams, 1), getOrder: make(chan gen.GetOrderParams, 1)}
	return s, genserver.Handler(genserver.NewStrictHandler(s, nil))
}

// serve sends req to h and fails unless it answers 200.
func serve(t *testing.T, h http.Handler, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", req.URL, rec.Code, rec.Body)
	}
}

// sameJSON fails unless got and want encode to the same JSON.
func sameJSON(t *testing.T, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("bound back as\n%s\nwant\n%s", g, w)
	}
}

// The range filters are deepObject query parameters: the generated request
// builder writes createdTime[gte]=... as the API expects, the request is
// valid for package api, and the generated server binds it back to the same
// Go values.
func TestRangeFiltersRoundTrip(t *testing.T) {
	since := drapi.NewTime(time.Date(2020, 9, 22, 12, 9, 44, 0, time.UTC))
	until := drapi.NewTime(time.Date(2020, 9, 23, 0, 0, 0, 500_000_000, time.FixedZone("CET", 3600)))
	low, high := 20.99, 100.0
	params := gen.ListOrdersParams{
		Limit:        new(50),
		CreatedTime:  &gen.TimeRange{Gte: &since, Lt: &until},
		UpdatedTime:  &gen.TimeRange{Gt: &since},
		TotalAmount:  &gen.AmountRange{Gte: &low, Lte: &high},
		Accepted:     &gen.TimeRange{Lte: &until},
		FraudBlocked: &gen.TimeRange{Eq: &since},
	}
	req, err := genclient.NewListOrdersRequest("https://api.digitalriver.com", &params)
	if err != nil {
		t.Fatal(err)
	}
	const wantQuery = "limit=50" +
		"&createdTime[gte]=2020-09-22T12%3A09%3A44Z&createdTime[lt]=2020-09-23T00%3A00%3A00.5%2B01%3A00" +
		"&updatedTime[gt]=2020-09-22T12%3A09%3A44Z" +
		"&totalAmount[gte]=20.99&totalAmount[lte]=100" +
		"&accepted[lte]=2020-09-23T00%3A00%3A00.5%2B01%3A00" +
		"&fraudStateTransitions.blocked[eq]=2020-09-22T12%3A09%3A44Z"
	if req.URL.RawQuery != wantQuery {
		t.Errorf("query\n%s\nwant\n%s", req.URL.RawQuery, wantQuery)
	}
	req.Header.Set("Authorization", "Bearer sk_test_x")
	if err := api.ValidateRequest(context.Background(), req); err != nil {
		t.Errorf("the built request breaks the contract: %v", err)
	}

	s, h := newParamsServer()
	serve(t, h, req)
	got := <-s.orders
	sameJSON(t, got, params)
	if got.CreatedTime == nil || got.CreatedTime.Lt == nil || !got.CreatedTime.Lt.Equal(until.Time) || got.CreatedTime.Gt != nil {
		t.Errorf("createdTime bound as %+v", got.CreatedTime)
	}
	if got.TotalAmount == nil || got.TotalAmount.Gte == nil || *got.TotalAmount.Gte != low {
		t.Errorf("totalAmount bound as %+v", got.TotalAmount)
	}
}

// Every state-transition filter of listOrders reaches the server under its
// own name, and an unset range sends nothing.
func TestStateTransitionFiltersRoundTrip(t *testing.T) {
	at := drapi.NewTime(time.Date(2021, 3, 23, 8, 0, 0, 0, time.UTC))
	r := func() *gen.TimeRange { return &gen.TimeRange{Gte: &at} }
	params := gen.ListOrdersParams{
		Accepted: r(), Blocked: r(), Cancelled: r(), Complete: r(), Fulfilled: r(), InReview: r(),
		PendingPayment: r(), Returned: r(), FraudBlocked: r(), FraudPassed: r(), FraudReviewOpened: r(),
		UpdatedTime: &gen.TimeRange{},
	}
	req, err := genclient.NewListOrdersRequest("https://api.digitalriver.com", &params)
	if err != nil {
		t.Fatal(err)
	}
	q := req.URL.Query()
	for _, name := range []string{"accepted", "blocked", "cancelled", "complete", "fulfilled", "in_review",
		"pending_payment", "returned", "fraudStateTransitions.blocked", "fraudStateTransitions.passed", "fraudStateTransitions.review_opened"} {
		if got := q.Get(name + "[gte]"); got != "2021-03-23T08:00:00Z" {
			t.Errorf("%s[gte] = %q", name, got)
		}
	}
	if len(q) != 11 {
		t.Errorf("%d query parameters, want 11 (an empty range sends none): %s", len(q), req.URL.RawQuery)
	}
	s, h := newParamsServer()
	serve(t, h, req)
	got := <-s.orders
	params.UpdatedTime = nil
	sameJSON(t, got, params)
}

// listCustomers takes the same createdTime and updatedTime ranges.
func TestCustomerTimeFiltersRoundTrip(t *testing.T) {
	since := drapi.NewTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	params := gen.ListCustomersParams{CreatedTime: &gen.TimeRange{Gt: &since}, UpdatedTime: &gen.TimeRange{Gte: &since, Lte: &since}}
	req, err := genclient.NewListCustomersRequest("https://api.digitalriver.com", &params)
	if err != nil {
		t.Fatal(err)
	}
	const want = "createdTime[gt]=2024-01-02T03%3A04%3A05Z&updatedTime[gte]=2024-01-02T03%3A04%3A05Z&updatedTime[lte]=2024-01-02T03%3A04%3A05Z"
	if req.URL.RawQuery != want {
		t.Errorf("query %s, want %s", req.URL.RawQuery, want)
	}
	s, h := newParamsServer()
	serve(t, h, req)
	sameJSON(t, <-s.customers, params)
}

// getOrder's expand is a plain boolean query parameter.
func TestGetOrderExpand(t *testing.T) {
	req, err := genclient.NewGetOrderRequest("https://api.digitalriver.com", "ord_1", &gen.GetOrderParams{Expand: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.RawQuery != "expand=true" {
		t.Errorf("query %q, want expand=true", req.URL.RawQuery)
	}
	s, h := newParamsServer()
	serve(t, h, req)
	if got := <-s.getOrder; got.Expand == nil || !*got.Expand {
		t.Errorf("expand bound as %v", got.Expand)
	}
}

// A range bound that is not a time is a problem named after its parameter.
func TestRangeFilterRejectsBadTime(t *testing.T) {
	for _, q := range []string{"createdTime[gt]=yesterday", "in_review[lt]=2020-13-01", "fraudStateTransitions.passed[eq]=now"} {
		req := httptest.NewRequest(http.MethodGet, "https://api.digitalriver.com/orders?"+q, nil)
		req.Header.Set("Authorization", "Bearer sk_test_x")
		err := api.ValidateRequest(context.Background(), req)
		var verr *api.ValidationError
		if !errors.As(err, &verr) || len(verr.Problems) != 1 || verr.Problems[0].In != "query" || verr.Problems[0].Parameter != strings.Split(q, "[")[0] {
			t.Errorf("%s: %v, want one query problem", q, err)
		}
	}
}
