package drapitest

import (
	"slices"
	"sync"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// Call is one request the fake received, as Fake.Calls reports it.
type Call struct {
	// Method and Path are the request's method and URL path; Query is its
	// raw query.
	Method, Path, Query string
	// Operation is the contract's operation the request was routed to, ""
	// for a path the contract does not have.
	Operation gen.OperationID
	// Status is the status answered, 0 when the connection was dropped.
	Status int
	// Injected is true when a Fault answered (or dropped) the call.
	Injected bool
	// Duration is how long the fake took, injected latency included.
	Duration time.Duration
	// RequestID is the x-dr-requestid the fake answered with, unique per
	// request.
	RequestID string
	// Version is the request's DigitalRiver-Version header, "" when it had
	// none (the fake then answers in its default version, WithAPIVersion).
	Version string
	// UpstreamID, UpstreamApplicationID, UpstreamSessionID and Forwarded
	// are the request's troubleshooting headers (upstream-id,
	// upstream-application-id, upstream-session-id, forwarded), "" when
	// absent.
	UpstreamID, UpstreamApplicationID, UpstreamSessionID, Forwarded string
}

// callLog records calls, keeping at most limit of the newest (0: all).
type callLog struct {
	mu      sync.Mutex
	calls   []Call
	limit   int
	observe func(Call)
}

func (l *callLog) add(c Call) {
	l.mu.Lock()
	l.calls = append(l.calls, c)
	if l.limit > 0 && len(l.calls) >= 2*l.limit {
		l.calls = slices.Clone(l.calls[len(l.calls)-l.limit:])
	}
	l.mu.Unlock()
	if l.observe != nil {
		l.observe(c)
	}
}

func (l *callLog) list() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	calls := l.calls
	if l.limit > 0 && len(calls) > l.limit {
		calls = calls[len(calls)-l.limit:]
	}
	return slices.Clone(calls)
}

func (l *callLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}
