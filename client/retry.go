package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// The retry rules. The API has no idempotency keys, so a POST (create,
// update, attach) is repeated only when the API provably did not act on it:
// a 429, or a connection that failed before the request was written. GET
// and DELETE are repeated on connection errors and on 408, 429, 500, 502,
// 503 and 504.

// retryableStatus reports whether an answer with status may be retried for
// a request of the given kind.
func retryableStatus(idempotent bool, status int) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if !idempotent {
		return false
	}
	switch status {
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// permanentTransportError reports whether a transport error will not go away
// by trying again: a certificate the client does not trust, or a
// RoundTripper's refusal to send (notSentError).
func permanentTransportError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	if ns, ok := errors.AsType[notSentError](err); ok && ns.NotSent() {
		return true // a RoundTripper's refusal: it would refuse again
	}
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci)
}

// notSentError is what an error from a RoundTripper that refused to send a
// request may also be, to say so: api.NewTransport's refusals are. It is an
// interface so that neither package imports the other.
type notSentError interface {
	error
	NotSent() bool
}

// notSent reports whether err proves the request never left the client: the
// connection could not be made (refused, unreachable, DNS failure, proxy
// unreachable, a certificate not trusted), a RoundTripper refused it
// (notSentError), and no request was written.
func notSent(err error, tr *sendTrace) bool {
	if tr != nil && tr.wrote.Load() {
		return false
	}
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") || permanentTransportError(err)
}

// sendTrace records whether a request was written to a connection.
type sendTrace struct {
	wrote atomic.Bool
	ct    httptrace.ClientTrace
}

// with returns ctx carrying the trace.
func (t *sendTrace) with(ctx context.Context) context.Context {
	t.ct.WroteRequest = func(httptrace.WroteRequestInfo) { t.wrote.Store(true) }
	return httptrace.WithClientTrace(ctx, &t.ct)
}

// backoff returns the jittered wait before retry number attempt (0 for the
// first retry): base doubled per retry, capped at maxWait, then a random
// point between half and all of it.
func backoff(base, maxWait time.Duration, attempt int) time.Duration {
	d := maxWait
	if attempt < 32 {
		if b := base << attempt; b > 0 && b < maxWait {
			d = b
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// sleep waits for d or until ctx is done, and returns ctx's error in that case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// outlives reports whether waiting d would pass ctx's deadline, in which
// case there is no point in waiting.
func outlives(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < d
}
