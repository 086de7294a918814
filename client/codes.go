package client

import (
	"errors"
	"net/http"

	"github.com/drapi-go/drapi/gen"
)

// Error codes the API puts in an error's code field on customers, sources
// and orders. Digital River adds codes without a new API version, so compare
// with these constants and treat any other code by its status. Ask an
// *APIError with HasCode.
const (
	// CodeInvalidParameter: a parameter or field has a value the API refuses.
	CodeInvalidParameter = "invalid_parameter"
	// CodeMissingParameter: a required parameter or field is absent.
	CodeMissingParameter = "missing_parameter"
	// CodeUnknownParameter: the request has a field the API does not know, almost always a typo.
	CodeUnknownParameter = "unknown_parameter"
	// CodeNotFound: no object has the ID given.
	CodeNotFound = "not_found"
	// CodeAlreadyExists: an object with the ID given exists already.
	CodeAlreadyExists = "already_exists"
	// CodeInvalidMetadataKey: a metadata key is longer than 40 characters or otherwise refused.
	CodeInvalidMetadataKey = "invalid_metadata_key"
	// CodeInvalidMetadataValue: a metadata value is longer than 500 characters or not a string, boolean or integer.
	CodeInvalidMetadataValue = "invalid_metadata_value"
	// CodeTooManyMetadataPairs: metadata has more than 20 keys.
	CodeTooManyMetadataPairs = "too_many_metadata_pairs"
	// CodeNonreusableSource: a single-use source cannot be attached to a customer.
	CodeNonreusableSource = "nonreusable_source"
	// CodeSourceNotChargeable: the source is not in state chargeable (detached, consumed, cancelled, ...).
	CodeSourceNotChargeable = "source_not_chargeable"
	// CodeSourceInUse: the source is in use and cannot be changed.
	CodeSourceInUse = "source_in_use"
	// CodeSourceExpired: the source has expired.
	CodeSourceExpired = "source_expired"
	// CodeFailedRequest: the payment failed (a 409 on createOrder).
	CodeFailedRequest = "failed-request"
	// CodeDeclined: the payment was declined (a 409 on createOrder).
	CodeDeclined = "declined"
	// CodeDoNotHonor: the issuer declined the payment (a 409 on createOrder).
	CodeDoNotHonor = "do_not_honor"
	// CodeInsufficientFunds: the issuer declined the payment for lack of funds.
	CodeInsufficientFunds = "insufficient_funds"
	// CodeCardExpired: the card has expired.
	CodeCardExpired = "card_expired"
	// CodeFraudBlock: the order was blocked as fraud (a 409 on createOrder).
	CodeFraudBlock = "fraud_block"
	// CodeOrderAlreadyComplete: the order is complete and cannot change.
	CodeOrderAlreadyComplete = "order_already_complete"
)

// Sentinel errors of createOrder's answers; match them with errors.Is.
var (
	// ErrDeclined matches a 409 answer to Orders.Create: the payment was
	// declined, failed or was blocked as fraud (APIError.Errors says which:
	// CodeDeclined, CodeFraudBlock, ...), or the customer or source cannot
	// pay. No order was made. The checkout needs new payment details (a new
	// checkout), never a retry of the same request. It matches ErrConflict too.
	ErrDeclined = errors.New("drapi: order declined, no order was created")
	// ErrOrderExists matches a 404 answer to Orders.Create whose error is
	// CodeNotFound with parameter orderId: the request's checkoutId already
	// became an order, typically by an earlier attempt whose outcome was
	// unknown. Find that order (Orders.FindByCheckoutID, or let
	// Orders.CreateOrFind do it). It matches ErrNotFound too, so test it first.
	ErrOrderExists = errors.New("drapi: the checkout already became an order")
)

// HasCode reports whether any of the error's entries has code, such as
// CodeSourceNotChargeable; it is false for a nil *APIError.
func (e *APIError) HasCode(code string) bool {
	if e == nil {
		return false
	}
	for _, x := range e.Errors {
		if x.Code == code {
			return true
		}
	}
	return false
}

// isCreateOrder reports whether the error answers createOrder, whose method
// and path (it has no path parameters) come from the contract's table.
func (e *APIError) isCreateOrder() bool {
	op := operations[gen.OpCreateOrder]
	return e.Method == op.Method && e.Path == op.Path
}

// declined reports whether the error is a 409 answer to createOrder.
func (e *APIError) declined() bool {
	return e.StatusCode == http.StatusConflict && e.isCreateOrder()
}

// orderExists reports whether the error is createOrder's 404 for a
// checkoutId that already became an order.
func (e *APIError) orderExists() bool {
	if e.StatusCode != http.StatusNotFound || !e.isCreateOrder() {
		return false
	}
	for _, x := range e.Errors {
		if x.Code == CodeNotFound && x.Parameter != nil && *x.Parameter == "orderId" {
			return true
		}
	}
	return false
}
