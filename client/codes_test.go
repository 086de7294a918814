package client_test

import (
	"errors"
	"testing"

	"github.com/drapi-go/drapi/client"
	"github.com/drapi-go/drapi/gen"
)

// TestHasCodeAndOrderSentinels: HasCode finds a code in any entry, and is
// false (not a panic) on a nil *APIError, as left by an errors.As that did
// not match; ErrDeclined and ErrOrderExists match createOrder's answers
// only.
func TestHasCodeAndOrderSentinels(t *testing.T) {
	orderID := "orderId"
	e := &client.APIError{Method: "POST", Path: "/orders", StatusCode: 409, Errors: []gen.Error{
		{Code: client.CodeFailedRequest}, {Code: client.CodeFraudBlock},
	}}
	if !e.HasCode(client.CodeFraudBlock) || e.HasCode(client.CodeDeclined) {
		t.Errorf("HasCode on %v", e.Errors)
	}
	var none *client.APIError
	if errors.As(errors.New("a transport error"), &none) || none.HasCode(client.CodeDeclined) {
		t.Error("a nil *APIError has a code")
	}
	for _, tc := range []struct {
		e                *client.APIError
		declined, exists bool
	}{
		{e, true, false},
		{&client.APIError{Method: "POST", Path: "/customers", StatusCode: 409}, false, false},
		{&client.APIError{Method: "POST", Path: "/orders/ord_1", StatusCode: 409}, false, false},
		{&client.APIError{Method: "POST", Path: "/orders", StatusCode: 404, Errors: []gen.Error{{Code: client.CodeNotFound, Parameter: &orderID}}}, false, true},
		{&client.APIError{Method: "POST", Path: "/orders", StatusCode: 404, Errors: []gen.Error{{Code: client.CodeNotFound}}}, false, false},
		{&client.APIError{Method: "GET", Path: "/orders", StatusCode: 404, Errors: []gen.Error{{Code: client.CodeNotFound, Parameter: &orderID}}}, false, false},
	} {
		if got := errors.Is(tc.e, client.ErrDeclined); got != tc.declined {
			t.Errorf("%v: ErrDeclined %v, want %v", tc.e, got, tc.declined)
		}
		if got := errors.Is(tc.e, client.ErrOrderExists); got != tc.exists {
			t.Errorf("%v: ErrOrderExists %v, want %v", tc.e, got, tc.exists)
		}
	}
}
