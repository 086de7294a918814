package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// call is one API operation as the retry loop sees it.
type call struct {
	op     string // operationId, for log records
	method string
	path   string // the path under the base URL, for errors and log records
	// send makes one attempt through the generated client.
	send func(ctx context.Context) (*http.Response, error)
}

// operations holds the contract's table of operations, by ID.
var operations = func() map[gen.OperationID]gen.Operation {
	m := make(map[gen.OperationID]gen.Operation)
	for _, op := range gen.Operations() {
		m[op.ID] = op
	}
	return m
}()

// newCall describes a call of op that send makes, with the method and path
// the contract gives op; args are the values of its path parameters, in
// order, escaped here.
func newCall(op gen.OperationID, send func(ctx context.Context) (*http.Response, error), args ...string) call {
	o := operations[op]
	path := o.Path
	for i, name := range o.PathParams {
		path = strings.Replace(path, "{"+name+"}", url.PathEscape(args[i]), 1)
	}
	return call{op: string(op), method: o.Method, path: path, send: send}
}

// errNotConfigured is returned by the methods of a service that did not come
// from New.
var errNotConfigured = errors.New("drapi: the client was not made with client.New")

// doJSON makes the call and decodes a 2xx body into a new T.
func doJSON[T any](ctx context.Context, co *core, cl call) (*T, error) {
	v := new(T)
	if err := co.do(ctx, cl, v); err != nil {
		return nil, err
	}
	return v, nil
}

// do makes the call, retrying as the rules in retry.go allow, and decodes a
// 2xx body into out (unless out is nil). Every other outcome is an error:
// *APIError for a non-2xx answer, *DecodeError for a 2xx body that does not
// decode, and a wrapped transport error otherwise.
func (co *core) do(ctx context.Context, cl call, out any) error {
	if ctx == nil {
		return fmt.Errorf("drapi: %s %s: nil context", cl.method, cl.path)
	}
	if sh := shopperOf(ctx); sh != nil && sh.err != nil {
		return fmt.Errorf("drapi: %s %s: %w", cl.method, cl.path, sh.err)
	}
	// One upstream-id per call, sent on each of its attempts.
	ctx = withUpstreamID(ctx, newUpstreamID())
	idempotent := cl.method == http.MethodGet || cl.method == http.MethodDelete
	var last error // the failure being retried, if any
	for attempt := 1; ; attempt++ {
		if err := co.waitForLimit(ctx, cl); err != nil {
			if last != nil {
				return fmt.Errorf("%w (gave up waiting for the client-side rate limit: %w)", last, err)
			}
			return fmt.Errorf("drapi: %s %s: waiting for the client-side rate limit: %w", cl.method, cl.path, err)
		}
		sendCtx := ctx
		var tr *sendTrace
		if !idempotent {
			tr = new(sendTrace)
			sendCtx = tr.with(ctx)
		}
		start := time.Now()
		resp, err := cl.send(sendCtx)
		var wait time.Duration
		if err != nil {
			co.logAttempt(ctx, cl, attempt, 0, time.Since(start), "", err)
			unsent := notSent(err, tr)
			retry := ctx.Err() == nil && !permanentTransportError(err) && (idempotent || unsent)
			if !idempotent && !unsent {
				err = &unknownOutcome{err}
			}
			err = fmt.Errorf("drapi: %s %s: %w", cl.method, cl.path, err)
			if !retry || attempt > co.maxRetries {
				return err
			}
			wait = backoff(co.backoffBase, co.backoffMax, attempt-1)
		} else {
			err = co.handle(ctx, cl, resp, attempt, start, idempotent, out)
			var ae *APIError
			var rerr *readError
			switch {
			case err == nil:
				return nil
			case errors.As(err, &ae):
				if !retryableStatus(idempotent, ae.StatusCode) || attempt > co.maxRetries {
					return err
				}
				wait = backoff(co.backoffBase, co.backoffMax, attempt-1)
				if ra := resp.Header.Get("Retry-After"); ra != "" {
					if d, ok := parseRetryAfter(ra, time.Now()); ok {
						if d > co.retryAfterCap {
							return err
						}
						wait = d
					}
				}
			case errors.As(err, &rerr):
				// A body cut short: a GET or DELETE tries again.
				if !idempotent || ctx.Err() != nil || attempt > co.maxRetries {
					return rerr.de
				}
				wait = backoff(co.backoffBase, co.backoffMax, attempt-1)
				err = rerr.de
			default:
				return err
			}
		}
		if err := co.pause(ctx, cl, attempt, wait, err); err != nil {
			return err
		}
		last = err
	}
}

// waitForLimit waits for the client-side rate limit to allow the next
// request, as rate.Limiter.Wait does, and logs a wait at Info, so waits are
// seen (drapi --verbose prints them) rather than taken for a slow API.
func (co *core) waitForLimit(ctx context.Context, cl call) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := co.limiter.Reserve()
	if !r.OK() {
		return co.limiter.Wait(ctx) // a burst of 0: the limiter's own error
	}
	d := r.Delay()
	if d <= 0 {
		return nil
	}
	if outlives(ctx, d) {
		r.Cancel()
		return fmt.Errorf("the wait of %v would outlast the context's deadline", d.Round(time.Millisecond))
	}
	if co.logger.Enabled(ctx, slog.LevelInfo) {
		co.logger.LogAttrs(ctx, slog.LevelInfo, "drapi: rate limit",
			slog.String("op", cl.op), slog.String("method", cl.method), slog.String("path", cl.path),
			slog.Duration("wait", d))
	}
	if err := sleep(ctx, d); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

// pause logs a retry and waits before it. It returns cause when ctx's
// deadline falls before the wait is over, and cause joined with ctx's error
// when ctx ends during the wait.
func (co *core) pause(ctx context.Context, cl call, attempt int, wait time.Duration, cause error) error {
	if outlives(ctx, wait) {
		return cause
	}
	if co.logger.Enabled(ctx, slog.LevelInfo) {
		var rid string
		if ae, ok := errors.AsType[*APIError](cause); ok {
			rid = ae.RequestID
		} else if de, ok := errors.AsType[*DecodeError](cause); ok {
			rid = de.RequestID
		}
		co.logger.LogAttrs(ctx, slog.LevelInfo, "drapi: retrying",
			slog.String("op", cl.op), slog.String("method", cl.method), slog.String("path", cl.path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("cause", logCause(cause)),
			slog.String("request_id", rid), slog.String("upstream_id", upstreamIDOf(ctx)))
	}
	if err := sleep(ctx, wait); err != nil {
		return fmt.Errorf("%w (gave up waiting to retry: %w)", cause, err)
	}
	return nil
}

// logCause is what a retry record says of its cause: the error's message,
// without the excerpt of the body an *APIError or *DecodeError carries, so
// no record quotes a body.
func logCause(cause error) string {
	if de, ok := errors.AsType[*DecodeError](cause); ok {
		return fmt.Sprintf("%d response body: %v", de.StatusCode, de.Err)
	}
	if ae, ok := errors.AsType[*APIError](cause); ok && ae.Body != "" {
		bodiless := *ae
		bodiless.Body = ""
		return bodiless.Error()
	}
	return cause.Error()
}

// unknownOutcome is a transport error after a POST may have reached the API.
type unknownOutcome struct{ err error }

// Error says the outcome is unknown, then why.
func (e *unknownOutcome) Error() string {
	return "outcome unknown, the request may have been carried out: " + e.err.Error()
}

// Is matches ErrOutcomeUnknown.
func (e *unknownOutcome) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the transport error.
func (e *unknownOutcome) Unwrap() error { return e.err }

// readError marks a 2xx body that could not be read in full, which a GET or
// DELETE may retry.
type readError struct{ de *DecodeError }

// Error describes the DecodeError.
func (e *readError) Error() string { return e.de.Error() }

// handle turns one response into nil (out decoded), *APIError, *DecodeError
// or *readError, and always drains and closes the body.
func (co *core) handle(ctx context.Context, cl call, resp *http.Response, attempt int, start time.Time, idempotent bool, out any) error {
	status, rid := resp.StatusCode, clean(requestID(resp.Header), maxRequestIDLen)
	if status < 200 {
		// An informational answer as the final one: after a 101 the body
		// is the raw connection, which no deadline guards and which may
		// never say anything. Close it unread.
		_ = resp.Body.Close()
		co.logAttempt(ctx, cl, attempt, status, time.Since(start), rid, nil)
		return co.apiError(cl, resp, rid, nil, attempt, idempotent)
	}
	defer drainClose(resp.Body)
	// Reads end when ctx does, whatever the transport does.
	stop := context.AfterFunc(ctx, func() { _ = resp.Body.Close() })
	defer stop()
	if status < 200 || status > 299 {
		co.logAttempt(ctx, cl, attempt, status, time.Since(start), rid, nil)
		buf := co.getBuffer()
		defer co.putBuffer(buf)
		_ = readBody(buf, resp.Body, -1, maxErrorBytes) // an error body cut short still says something
		return co.apiError(cl, resp, rid, buf.Bytes(), attempt, idempotent)
	}
	if out == nil {
		co.logAttempt(ctx, cl, attempt, status, time.Since(start), rid, nil)
		return nil
	}
	buf := co.getBuffer()
	defer co.putBuffer(buf)
	err := readBody(buf, resp.Body, resp.ContentLength, maxBodyBytes)
	co.logAttempt(ctx, cl, attempt, status, time.Since(start), rid, err)
	readErr := err != nil && !errors.Is(err, errTooLarge)
	if err == nil {
		err = decode(buf.Bytes(), out)
	}
	if err == nil {
		return nil
	}
	// buf.Bytes() is valid only until buf goes back to the pool: copy it.
	// A POST answered 2xx was carried out, but what it made is unknown.
	de := &DecodeError{Method: cl.method, Path: cl.path, StatusCode: status, RequestID: rid,
		Body: []byte(co.key.scrub(string(buf.Bytes()))), Err: err, OutcomeUnknown: !idempotent}
	if readErr {
		return &readError{de: de}
	}
	return de
}

// apiError builds the *APIError for a non-2xx answer.
func (co *core) apiError(cl call, resp *http.Response, rid string, body []byte, attempt int, idempotent bool) *APIError {
	e := &APIError{
		Method:         cl.method,
		Path:           cl.path,
		StatusCode:     resp.StatusCode,
		RequestID:      rid,
		Attempts:       attempt,
		OutcomeUnknown: !idempotent && (resp.StatusCode >= 500 || resp.StatusCode < 200),
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	var shape struct {
		Type   *string     `json:"type"`
		Errors []gen.Error `json:"errors"`
	}
	if err := json.Unmarshal(body, &shape); err == nil && (shape.Type != nil || shape.Errors != nil) {
		if shape.Type != nil {
			e.Type = clean(co.key.scrub(*shape.Type), maxCodeLen)
		}
		for _, x := range shape.Errors {
			x.Code, x.Message = clean(co.key.scrub(x.Code), maxCodeLen), clean(co.key.scrub(x.Message), maxMessageLen)
			if x.Parameter != nil {
				p := clean(co.key.scrub(*x.Parameter), maxParameterLen)
				x.Parameter = &p
			}
			e.Errors = append(e.Errors, x)
		}
		return e
	}
	e.Body = snippet(co.key.scrub(string(body)))
	return e
}

// logAttempt records one attempt at Debug and, when the API answered
// (status is not 0), tells the response hook.
func (co *core) logAttempt(ctx context.Context, cl call, attempt, status int, d time.Duration, rid string, err error) {
	if co.hook != nil && status != 0 {
		co.hook(ctx, ResponseInfo{
			Operation: gen.OperationID(cl.op), Method: cl.method, Path: cl.path, StatusCode: status,
			RequestID: rid, UpstreamID: upstreamIDOf(ctx), Attempt: attempt, Duration: d,
		})
	}
	if !co.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", cl.op), slog.String("method", cl.method), slog.String("path", cl.path),
		slog.Int("status", status), slog.Duration("duration", d), slog.Int("attempt", attempt),
		slog.String("request_id", rid), slog.String("upstream_id", upstreamIDOf(ctx)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", co.key.scrub(err.Error())))
	}
	co.logger.LogAttrs(ctx, slog.LevelDebug, "drapi: request", attrs...)
}
