package client

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/drapi-go/drapi/gen"
)

// Sentinel errors; match them with errors.Is. An *APIError matches the one
// for its status, and a 5xx answer to a POST matches both ErrServer and
// ErrOutcomeUnknown.
var (
	// ErrBadRequest matches a 400 Bad Request: the request is invalid; see APIError.Errors.
	ErrBadRequest = errors.New("drapi: bad request")
	// ErrUnauthorized matches a 401 Unauthorized: the key is missing, wrong or revoked.
	ErrUnauthorized = errors.New("drapi: unauthorized")
	// ErrForbidden matches a 403 Forbidden: the key may not do this.
	ErrForbidden = errors.New("drapi: forbidden")
	// ErrNotFound matches a 404 Not Found: no such object.
	ErrNotFound = errors.New("drapi: not found")
	// ErrConflict matches a 409 Conflict, such as a duplicate customer ID.
	ErrConflict = errors.New("drapi: conflict")
	// ErrRateLimited matches a 429 Too Many Requests still failing after the retries.
	ErrRateLimited = errors.New("drapi: rate limited")
	// ErrServer matches every 5xx answer.
	ErrServer = errors.New("drapi: server error")
	// ErrOutcomeUnknown matches a failed POST that may nevertheless have been
	// carried out: a timeout, a reset connection or a 5xx after the request was
	// sent, or a 2xx whose body was cut short or does not decode. The client
	// never resends such a request, since the API has no idempotency keys;
	// find out what happened (for an order, Orders.CreateOrFind does) before
	// trying again.
	ErrOutcomeUnknown = errors.New("drapi: outcome unknown, the request may have been carried out")
)

// APIError is a non-2xx answer of the API. It carries everything the answer
// told: status, error type, every {code, parameter, message}, the request ID
// to quote to support, Retry-After, and a short excerpt of a body that is not
// the API's JSON error shape (an HTML page from a proxy, say).
type APIError struct {
	// Method and Path name the call, such as "GET" and "/customers/cus_1".
	Method, Path string
	// StatusCode is the HTTP status, such as 404.
	StatusCode int
	// Type is the API's error type, such as "bad_request" or "not_found"; empty
	// when the body was not the JSON error shape.
	Type string
	// Errors lists every problem the API reported.
	Errors []gen.Error
	// RequestID is the API's name for the request, from the x-dr-requestid
	// response header (or X-Request-Id); quote it to Digital River's support.
	RequestID string
	// RetryAfter is the wait the Retry-After header asked for; 0 when absent.
	RetryAfter time.Duration
	// Body is a short excerpt of a body that is not the JSON error shape.
	Body string
	// Attempts is how many times the request was sent before giving up.
	Attempts int
	// OutcomeUnknown is true for a 5xx answer to a POST, or a final 1xx
	// (an unsolicited 101): the API may have carried it out. It makes the error match ErrOutcomeUnknown.
	OutcomeUnknown bool
}

// maxErrorsInMessage bounds how many API errors Error lists; the Errors field
// keeps them all.
const maxErrorsInMessage = 5

// Error describes the failed call in one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "drapi: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" {
		b.WriteString(": ")
		b.WriteString(clean(e.Type, maxCodeLen))
	}
	for i, x := range e.Errors {
		if i == maxErrorsInMessage {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-i)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(clean(x.Code, maxCodeLen))
		if x.Parameter != nil && *x.Parameter != "" {
			fmt.Fprintf(&b, " (%s)", clean(*x.Parameter, maxParameterLen))
		}
		if x.Message != "" {
			b.WriteString(" ")
			b.WriteString(clean(x.Message, maxMessageLen))
		}
	}
	if e.Body != "" {
		fmt.Fprintf(&b, ": body %q", e.Body)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request ID %s]", clean(e.RequestID, maxRequestIDLen))
	}
	if e.OutcomeUnknown {
		b.WriteString(" (outcome unknown: the request may have been carried out)")
	}
	return b.String()
}

// Is makes errors.Is match the sentinel for the status, and ErrOutcomeUnknown
// when OutcomeUnknown is set.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown
	case ErrDeclined:
		return e.declined()
	case ErrOrderExists:
		return e.orderExists()
	}
	return false
}

// DecodeError is a 2xx answer whose body could not be read or decoded. It
// keeps the status and the body as received.
type DecodeError struct {
	// Method and Path name the call, such as "GET" and "/customers/cus_1".
	Method, Path string
	// StatusCode is the HTTP status, such as 200.
	StatusCode int
	// RequestID is the API's name for the request, from the x-dr-requestid
	// response header (or X-Request-Id).
	RequestID string
	// Body is the body as received (bounded by the client's response size limit).
	Body []byte
	// Err is the decoding or reading error.
	Err error
	// OutcomeUnknown is true for a POST: the API answered 2xx, so it
	// carried the request out, but what it made is unknown (the body was cut
	// short or does not decode). It makes the error match ErrOutcomeUnknown.
	OutcomeUnknown bool
}

// Is matches ErrOutcomeUnknown when OutcomeUnknown is set.
func (e *DecodeError) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.OutcomeUnknown
}

// Error describes the failure with a short excerpt of the body.
func (e *DecodeError) Error() string {
	s := fmt.Sprintf("drapi: %s %s: %d response body does not decode: %v (%d bytes: %q)",
		e.Method, e.Path, e.StatusCode, e.Err, len(e.Body), snippet(string(e.Body)))
	if e.RequestID != "" {
		s += " [request ID " + clean(e.RequestID, maxRequestIDLen) + "]"
	}
	if e.OutcomeUnknown {
		s += " (outcome unknown: the request was carried out, with an unknown result)"
	}
	return s
}

// Unwrap returns the decoding or reading error.
func (e *DecodeError) Unwrap() error { return e.Err }

// snippetLen bounds the excerpt of an unexpected body kept in errors.
const snippetLen = 256

// snippet returns at most snippetLen bytes of s as valid UTF-8 on one line,
// control characters escaped, with "..." when it was cut.
func snippet(s string) string {
	cut := len(s) > snippetLen
	if cut {
		s = s[:snippetLen]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Join(strings.Fields(s), " ")
	s = clean(s, 4*snippetLen) // terminal escapes and other controls, shown escaped
	if cut {
		s += "..."
	}
	return s
}

// parseRetryAfter reads a Retry-After header in either form, delay-seconds or
// HTTP-date, relative to now. ok is false when the header is absent or invalid.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// requestID returns the API's name for the request: the x-dr-requestid
// header Digital River sends, else an X-Request-Id (a proxy's), matching
// names in any case (some proxies and test doubles do not canonicalize
// header names).
func requestID(h http.Header) string {
	for _, name := range [...]string{"X-Dr-Requestid", "X-Request-Id"} {
		if v := h.Get(name); v != "" {
			return v
		}
		for k, vs := range h {
			if len(vs) > 0 && vs[0] != "" && strings.EqualFold(k, name) {
				return vs[0]
			}
		}
	}
	return ""
}
