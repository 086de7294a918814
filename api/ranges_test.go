package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// A range filter's bounds are checked: a mistyped bound (which would
// otherwise filter nothing and list everything) and a bound that is not a
// number or a time are problems named after the parameter.
func TestRangeFilterProblems(t *testing.T) {
	tests := []struct {
		query, param, rule, says string
	}{
		{"createdTime[gteq]=2020-09-22T12:09:44Z", "createdTime", "additionalProperties", `"gteq" is not a bound`},
		{"fraudStateTransitions.blocked[after]=2020-09-22T12:09:44Z", "fraudStateTransitions.blocked", "additionalProperties", "eq, gt, gte, lt, lte"},
		{"totalAmount[gte]=lots", "totalAmount", "type", "totalAmount[gte]=<number>"},
		{"updatedTime[lt]=tomorrow", "updatedTime", "format", "RFC 3339"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "https://api.digitalriver.com/orders?"+tt.query, nil)
		req.Header.Set("Authorization", "Bearer sk_test_x")
		ps := problemsOf(t, api.ValidateRequest(context.Background(), req))
		if len(ps) != 1 || ps[0].In != "query" || ps[0].Parameter != tt.param || ps[0].Rule != tt.rule || !strings.Contains(ps[0].Message, tt.says) {
			t.Errorf("%s: %+v", tt.query, ps)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "https://api.digitalriver.com/customers?createdTime[gte]=2020-09-22T12:09:44Z&createdTime[lt]=2020-09-23T00:00:00Z&updatedTime[eq]=2020-09-22T12:09:44Z", nil)
	req.Header.Set("Authorization", "Bearer sk_test_x")
	if err := api.ValidateRequest(context.Background(), req); err != nil {
		t.Errorf("valid ranges: %v", err)
	}
}
