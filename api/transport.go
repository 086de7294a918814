package api

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strings"
)

// TransportOption configures NewTransport.
type TransportOption func(*transport)

// WithResponseReport makes the transport call report with every response
// that breaks the contract (err is then a *ValidationError) or that could
// not be checked; the call itself succeeds. It replaces the default report,
// a warning through log/slog's default logger; nil reports nothing.
func WithResponseReport(report func(req *http.Request, resp *http.Response, err error)) TransportOption {
	return func(t *transport) { t.report = report }
}

// WithResponseFailure makes a response that breaks the contract fail the
// call: RoundTrip closes its body and returns an error that wraps the
// *ValidationError.
func WithResponseFailure() TransportOption {
	return func(t *transport) { t.fail = true }
}

// WithBasePath strips prefix (such as "/v1") from request paths before
// finding their operation, for a client whose base URL has a path.
func WithBasePath(prefix string) TransportOption {
	return func(t *transport) { t.basePath = strings.TrimSuffix(prefix, "/") }
}

// DefaultMaxResponseBytes is the largest response body NewTransport reads
// to validate, unless WithMaxResponseBytes says otherwise: the client's own
// limit of a 2xx body.
const DefaultMaxResponseBytes = 32 << 20

// WithMaxResponseBytes sets the largest response body the transport reads
// to validate (DefaultMaxResponseBytes when not given). A larger body is
// not checked but handed on whole, as it streams, and reported (see
// WithResponseReport) or, with WithResponseFailure, fails the call.
func WithMaxResponseBytes(n int64) TransportOption {
	// The transport reads one byte more than the limit to see it passed:
	// math.MaxInt64, "no limit", must not overflow.
	return func(t *transport) { t.maxBody = min(max(n, 0), math.MaxInt64-1) }
}

// NewTransport returns an http.RoundTripper that validates every request
// before sending it through base (http.DefaultTransport when nil) and every
// response. A request that breaks the contract is not sent: RoundTrip
// returns an error that names the problems (a *ValidationError, or
// ErrNoRoute or ErrMethodNotAllowed, through errors.As and errors.Is).
// Responses that break it are reported (see WithResponseReport) or fail the
// call (WithResponseFailure).
func NewTransport(base http.RoundTripper, opts ...TransportOption) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	t := &transport{base: base, report: logReport, maxBody: DefaultMaxResponseBytes}
	for _, o := range opts {
		o(t)
	}
	return t
}

type transport struct {
	base      http.RoundTripper
	report    func(req *http.Request, resp *http.Response, err error)
	fail      bool
	basePath  string
	enumWarns bool  // see WithResponseEnumWarnings
	maxBody   int64 // see WithMaxResponseBytes
}

func logReport(req *http.Request, resp *http.Response, err error) {
	msg := "api: response breaks the contract"
	if onlyWarnings(err) {
		msg = "api: response has enum values the contract does not list"
	}
	slog.Default().WarnContext(req.Context(), msg,
		"method", req.Method, "url", req.URL.Redacted(), "status", resp.StatusCode, "error", err)
}

// RoundTrip validates req, sends it, and validates the response.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := mustContract()
	path := req.URL.EscapedPath()
	if t.basePath != "" {
		path = strings.TrimPrefix(path, t.basePath)
	}
	rt, pathParams, err := c.router.find(req.Method, path)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, &notSentError{fmt.Errorf("api: %s %s not sent: %w", req.Method, req.URL.Redacted(), err)}
	}
	// RoundTrip must not change req: validate and send a copy, which
	// reads and closes req's body, as a RoundTripper must.
	out := req.Clone(req.Context())
	body, err := readRequestBody(out)
	if err != nil {
		if out.Body != nil {
			out.Body.Close()
		}
		return nil, &notSentError{fmt.Errorf("api: %s %s not sent: %w", req.Method, req.URL.Redacted(), err)}
	}
	if ps := c.checkRequest(req.Context(), rt, pathParams, out, body); len(ps) > 0 {
		return nil, &notSentError{fmt.Errorf("api: %s %s breaks the contract, not sent: %w", req.Method, req.URL.Redacted(), problemsError(ps))}
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		return resp, err
	}
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, t.maxBody+1))
	if err == nil && int64(len(respBody)) > t.maxBody {
		// Too large to check: the caller gets it whole, the bytes read
		// first, then the rest as it streams.
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(respBody), resp.Body), resp.Body}
		err := fmt.Errorf("api: the response to %s %s is larger than %d bytes: not checked", req.Method, req.URL.Redacted(), t.maxBody)
		if t.fail {
			resp.Body.Close()
			return nil, err
		}
		t.reportf(req, resp, err)
		return resp, nil
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err != nil {
		err = fmt.Errorf("api: read the response to %s %s: %w", req.Method, req.URL.Redacted(), err)
		if t.fail {
			return nil, err
		}
		t.reportf(req, resp, err)
		return resp, nil
	}
	ps := c.checkResponse(rt, resp.StatusCode, resp.Header, respBody)
	if t.enumWarns {
		var warns []Problem
		if ps, warns = splitEnumWarnings(ps); len(warns) > 0 {
			t.reportf(req, resp, problemsError(warns))
		}
	}
	if len(ps) > 0 {
		verr := problemsError(ps)
		if t.fail {
			return nil, fmt.Errorf("api: the %s response to %s %s breaks the contract: %w", statusText(resp.StatusCode), req.Method, req.URL.Redacted(), verr)
		}
		t.reportf(req, resp, verr)
	}
	return resp, nil
}

func (t *transport) reportf(req *http.Request, resp *http.Response, err error) {
	if t.report != nil {
		t.report(req, resp, err)
	}
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// notSentError is the transport's refusal of a request it did not send. Its
// NotSent method tells package client (and any caller) that a POST so
// refused was not carried out, without either importing the other.
type notSentError struct{ err error }

// Error is the refusal's message.
func (e *notSentError) Error() string { return e.err.Error() }

// Unwrap returns the refusal, so errors.As finds its *ValidationError.
func (e *notSentError) Unwrap() error { return e.err }

// NotSent reports true: the request never left the transport.
func (e *notSentError) NotSent() bool { return true }
