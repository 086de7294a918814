package drapitest

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/genserver"
)

// Fake is an in-memory Digital River API: every operation of the contract over
// real state, with request validation, keys, faults and a log of calls. It
// is an http.Handler; serve it with NewServer in tests, or with any
// http.Server. A Fake is safe for concurrent use.
type Fake struct {
	cfg    config
	store  *store
	mux    *http.ServeMux // gen's routes, and nothing else
	faults faults
	calls  callLog
	nReq   atomic.Uint64 // requests served, for x-dr-requestid
}

// handlers implements genserver.StrictServerInterface over the store.
type handlers struct {
	s *store
	// defaultVersion is the version of requests without DigitalRiver-Version.
	defaultVersion string
}

var _ genserver.StrictServerInterface = (*handlers)(nil)

// New returns a fake of the API, configured by opts. It fails only when an
// option is given bad input (a bad key, a bad fault, seed objects with
// duplicate or missing IDs).
func New(opts ...Option) (*Fake, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	f := &Fake{cfg: cfg, store: newStore(cfg.clock, cfg.taxRate)}
	f.calls.limit, f.calls.observe = cfg.callLimit, cfg.observe
	f.faults.rng = rand.New(rand.NewPCG(cfg.faultSeed, cfg.faultSeed))
	if err := f.faults.set(cfg.faults); err != nil {
		return nil, err
	}
	var cs []gen.Customer
	var ss []gen.Source
	var os []gen.Order
	if cfg.seedFixtures {
		var err error
		if cs, ss, os, err = fixtureObjects(); err != nil {
			return nil, err
		}
	}
	cs, ss, os = append(cs, cfg.customers...), append(ss, cfg.sources...), append(os, cfg.orders...)
	if err := f.store.seed(cs, ss, os); err != nil {
		return nil, err
	}
	f.mux = http.NewServeMux()
	strict := genserver.NewStrictHandlerWithOptions(&handlers{s: f.store, defaultVersion: cfg.apiVersion}, nil, genserver.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  bodyError,
		ResponseErrorHandlerFunc: responseError,
	})
	genserver.HandlerWithOptions(strict, genserver.StdHTTPServerOptions{BaseRouter: f.mux, ErrorHandlerFunc: parameterError})
	return f, nil
}

// Handler returns the fake as an http.Handler (the fake itself), for
// serving it with an http.Server of one's own.
func (f *Fake) Handler() http.Handler { return f }

// Key returns the fake's secret key, to send as "Authorization: Bearer <key>".
func (f *Fake) Key() string { return f.cfg.key }

// PublicKey returns the fake's public key, which may only create sources.
func (f *Fake) PublicKey() string { return f.cfg.publicKey }

// SetFaults replaces the faults in force (all of them: none stops
// injecting); each starts counting calls from zero.
func (f *Fake) SetFaults(faults ...Fault) error { return f.faults.set(faults) }

// Calls returns the calls the fake received, oldest first.
func (f *Fake) Calls() []Call { return f.calls.list() }

// ResetCalls forgets the calls received so far.
func (f *Fake) ResetCalls() { f.calls.reset() }

// routes maps genserver's route patterns ("GET /customers/{id}") to
// operations.
var routes = sync.OnceValue(func() map[string]gen.OperationID {
	m := map[string]gen.OperationID{}
	for _, op := range gen.Operations() {
		m[op.Method+" "+op.Path] = op.ID
	}
	return m
})

// methods are the methods a path could be allowed, for 405's Allow header.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// route returns the operation gen's router sends r to, or "" and the
// methods the path allows (none: the path is unknown).
func (f *Fake) route(r *http.Request) (op gen.OperationID, allow []string) {
	if p := r.URL.Path; p == "" || p[0] != '/' || path.Clean(p) != p {
		return "", nil // the mux would redirect; the API has no such path
	}
	_, pattern := f.mux.Handler(r)
	if op := routes()[pattern]; op != "" && strings.HasPrefix(pattern, r.Method+" ") {
		return op, nil
	}
	for _, m := range methods {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, p := f.mux.Handler(probe); routes()[p] != "" {
			allow = append(allow, m)
		}
	}
	return "", allow
}

// ServeHTTP answers one request: faults first, then routing (404, 405),
// the key (401, 403), Accept (406), the body's size and the contract (400),
// and last gen's handler for the operation.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	call := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, RequestID: f.newRequestID(),
		Version: first(r.Header, headerVersion), UpstreamID: first(r.Header, headerUpstreamID),
		UpstreamApplicationID: first(r.Header, headerApplicationID),
		UpstreamSessionID:     first(r.Header, headerSessionID), Forwarded: first(r.Header, headerForwarded)}
	// Every answer names its request, as the API's do.
	w.Header()[headerRequestID] = []string{call.RequestID}
	sw := &statusWriter{ResponseWriter: w}
	recorded := false
	// record logs the call; it runs before the client can see the answer
	// end (or the connection close), so Calls is up to date when a call
	// returns.
	record := func() {
		if !recorded {
			recorded = true
			call.Status = sw.status
			call.Duration = time.Since(start)
			f.calls.add(call)
		}
	}
	defer record()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if sw.status == 0 {
				writeErrors(sw, newError(http.StatusInternalServerError, codeInternal, "", "drapitest: %v", v))
			}
		}
	}()

	op, allow := f.route(r)
	call.Operation = op
	act := f.faults.decide(op)
	if !wait(r.Context(), act.latency) {
		return // the client gave up
	}
	if ft := act.fail; ft != nil && !ft.DropResponse && ft.Decline == "" {
		call.Injected = true
		if ft.Drop {
			record()
			dropConnection(w)
			return
		}
		if ft.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ft.RetryAfter))
		}
		writeErrors(sw, injectedError(ft))
		return
	}
	if e := f.admit(w, r, op, allow); e != nil {
		writeErrors(sw, e)
		return
	}
	if call.Version != "" {
		r = r.WithContext(withVersion(r.Context(), call.Version))
	}
	if ft := act.fail; ft != nil && ft.Decline != "" {
		call.Injected = true
		writeErrors(sw, declineError(ft.Decline))
		return
	}
	if ft := act.fail; ft != nil && ft.DropResponse {
		call.Injected = true
		f.mux.ServeHTTP(httptest.NewRecorder(), r)
		record()
		dropConnection(w)
		return
	}
	f.mux.ServeHTTP(sw, r)
}

// admit returns the error answer of a request the API would refuse before
// acting on it, or nil. It reads the body (bounded) and leaves it to be read
// again.
func (f *Fake) admit(w http.ResponseWriter, r *http.Request, op gen.OperationID, allow []string) *apiError {
	if op == "" {
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			return newError(http.StatusMethodNotAllowed, codeMethodNotAllowed, "", "%s is not allowed on %s; use %s.", r.Method, r.URL.Path, strings.Join(allow, " or "))
		}
		return newError(http.StatusNotFound, codeNotFound, "", "No operation of the API has the path %s.", r.URL.Path)
	}
	if e := f.authorize(r, op); e != nil {
		return e
	}
	if v := first(r.Header, headerVersion); v != "" && !validVersion(v) {
		return badParameter("DigitalRiver-Version", "'DigitalRiver-Version' must be an API version, a date such as %s.", DefaultAPIVersion)
	}
	if !acceptsJSON(r.Header.Get("Accept")) {
		return newError(http.StatusNotAcceptable, codeNotAcceptable, "", "The API answers application/json only; the Accept header refuses it.")
	}
	if e := checkQuery(r); e != nil {
		return e
	}
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, f.cfg.maxBody))
		r.Body.Close()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return newError(http.StatusBadRequest, codeRequestTooLarge, "body", "The body is larger than %d bytes.", f.cfg.maxBody)
		case err != nil:
			return newError(http.StatusBadRequest, codeInvalidParameter, "body", "The body could not be read: %v.", err)
		}
		if e := checkBodyShape(body); e != nil {
			return e
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		defer func() { r.Body = io.NopCloser(bytes.NewReader(body)) }()
	}
	if f.cfg.validate {
		return validateRequest(r)
	}
	return checkKeys(r, op)
}

// parameterError answers a parameter gen's router could not bind.
func parameterError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		required *genserver.RequiredParamError
		format   *genserver.InvalidParamFormatError
		many     *genserver.TooManyValuesForParamError
		unmarsh  *genserver.UnmarshalingParamError
	)
	switch {
	case errors.As(err, &required):
		writeErrors(w, newError(http.StatusBadRequest, codeMissingParameter, required.ParamName, "'%s' is required.", required.ParamName))
	case errors.As(err, &format):
		writeErrors(w, badParameter(format.ParamName, "'%s' is not valid: %v.", format.ParamName, format.Err))
	case errors.As(err, &many):
		writeErrors(w, badParameter(many.ParamName, "'%s' takes one value, got %d.", many.ParamName, many.Count))
	case errors.As(err, &unmarsh):
		writeErrors(w, badParameter(unmarsh.ParamName, "'%s' is not valid: %v.", unmarsh.ParamName, unmarsh.Err))
	default:
		writeErrors(w, badParameter("", "%v", err))
	}
}

// bodyError answers a body gen's strict handler could not decode.
func bodyError(w http.ResponseWriter, r *http.Request, err error) {
	writeErrors(w, badParameter("body", "The body does not decode: %v.", err))
}

// responseError answers an error a handler returned: its own answer when it
// is one, a 500 otherwise.
func responseError(w http.ResponseWriter, r *http.Request, err error) {
	var e *apiError
	if errors.As(err, &e) {
		writeErrors(w, e)
		return
	}
	writeErrors(w, newError(http.StatusInternalServerError, codeInternal, "", "drapitest: %v", err))
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
