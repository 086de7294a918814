package drapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/drapi-go/drapi/gen"
)

// Error codes the fake puts in the Errors shape, as the API names them.
const (
	codeInvalidParameter = "invalid_parameter"
	codeMissingParameter = "missing_parameter"
	codeNotFound         = "not_found"
	codeAlreadyExists    = "already_exists"
	codeConflict         = "conflict"
	codeUnauthorized     = "unauthorized"
	codeForbidden        = "forbidden"
	codeMethodNotAllowed = "method_not_allowed"
	codeNotAcceptable    = "not_acceptable"
	codeRequestTooLarge  = "request_too_large"
	codeInternal         = "internal_error"

	codeNonreusableSource    = "nonreusable_source"
	codeSourceNotChargeable  = "source_not_chargeable"
	codeTooManyMetadataPairs = "too_many_metadata_pairs"
	codeInvalidMetadataKey   = "invalid_metadata_key"
	codeInvalidMetadataValue = "invalid_metadata_value"
	codeUnknownParameter     = "unknown_parameter"
)

// errorTypes is the Errors "type" of each status the fake answers.
var errorTypes = map[int]string{
	http.StatusBadRequest:          "bad_request",
	http.StatusUnauthorized:        "unauthorized",
	http.StatusForbidden:           "forbidden",
	http.StatusNotFound:            "not_found",
	http.StatusMethodNotAllowed:    "method_not_allowed",
	http.StatusNotAcceptable:       "not_acceptable",
	http.StatusRequestTimeout:      "request_timeout",
	http.StatusConflict:            "conflict",
	http.StatusTooManyRequests:     "too_many_requests",
	http.StatusInternalServerError: "internal_server_error",
	http.StatusBadGateway:          "bad_gateway",
	http.StatusServiceUnavailable:  "service_unavailable",
	http.StatusGatewayTimeout:      "gateway_timeout",
}

// apiError is an error answer: its status and the Errors body.
type apiError struct {
	status int
	body   gen.Errors
}

func (e *apiError) Error() string {
	if len(e.body.Errors) == 0 {
		return strconv.Itoa(e.status) + " " + e.body.Type
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.body.Type, e.body.Errors[0].Message)
}

// newError returns an error answer of status with one entry; parameter may be "".
func newError(status int, code, parameter, format string, args ...any) *apiError {
	e := gen.Error{Code: code, Message: fmt.Sprintf(format, args...)}
	if parameter != "" {
		e.Parameter = &parameter
	}
	return &apiError{status: status, body: gen.Errors{Type: errorTypes[status], Errors: []gen.Error{e}}}
}

// notFound is the 404 of an unknown object ID.
func notFound(kind, parameter, id string) *apiError {
	return newError(http.StatusNotFound, codeNotFound, parameter, "%s '%s' not found.", kind, id)
}

// badParameter is the 400 of one invalid parameter.
func badParameter(parameter, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, codeInvalidParameter, parameter, format, args...)
}

// writeErrors writes an error answer in the Errors shape.
func writeErrors(w http.ResponseWriter, e *apiError) {
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(e.body) // gen.Errors always encodes
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(e.status)
	_, _ = buf.WriteTo(w)
}
