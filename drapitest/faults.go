package drapitest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// Fault is a failure the fake injects, so that a client's timeouts and retry
// rules can be tested end to end. Which calls it hits is deterministic: each
// fault counts the calls it matches, and (with Rate) draws from the fake's
// generator, seeded by WithFaultSeed.
//
// A call may be hit by several faults: their latencies add up, and the first
// of them (in the order given) with Status, Drop, DropResponse or Decline
// decides how the call fails. Faults act before the key is checked and the
// request is validated, as a gateway in front of the API would; a Decline,
// the API's own refusal, acts after.
type Fault struct {
	// Operation limits the fault to one operation (gen.OpCreateOrder); ""
	// matches every call, unknown paths included.
	Operation gen.OperationID
	// After lets the first After matching calls through: the fault starts
	// with call After+1.
	After int
	// Times is how many matching calls, from then on, the fault hits; 0
	// means every one.
	Times int
	// Rate, between 0 and 1, hits only that fraction of those calls, drawn
	// from the fake's seeded generator; 0 (or 1) hits every one.
	Rate float64

	// Latency delays the answer (or the failure) by this long; the wait ends
	// early when the client gives up.
	Latency time.Duration
	// Status answers this status in the Errors shape without handling the
	// request: 429, 500, 502, 503 or 504 (or any other status the contract
	// lists for every operation, such as 408).
	Status int
	// RetryAfter is the Retry-After header, in seconds, sent with Status; 0
	// sends none.
	RetryAfter int
	// Drop closes the connection without an answer, before the request is
	// handled: the fake did not act on it.
	Drop bool
	// DropResponse handles the request (its effects stay: an order is
	// created) and then closes the connection without an answer, as when a
	// response is lost on the way back.
	DropResponse bool
	// Decline refuses a createOrder as the API refuses a payment it
	// declines or flags as fraud: a 409 with this error code ("declined",
	// "fraud_block", "do_not_honor", "failed-request", ...) and no order
	// made. Unlike the other failures it acts after the key is checked and
	// the request validated. Operation must be gen.OpCreateOrder.
	Decline string
}

// check reports what is wrong with the fault.
func (ft Fault) check() error {
	switch {
	case ft.Operation != "" && !ft.Operation.Valid():
		return fmt.Errorf("drapitest: fault for unknown operation %q (operations: %v)", ft.Operation, gen.OperationIDs())
	case ft.After < 0 || ft.Times < 0:
		return fmt.Errorf("drapitest: fault After and Times must not be negative")
	case !(ft.Rate >= 0 && ft.Rate <= 1): // NaN too
		return fmt.Errorf("drapitest: fault Rate %v is not between 0 and 1", ft.Rate)
	case ft.Latency < 0:
		return fmt.Errorf("drapitest: fault Latency %v is negative", ft.Latency)
	case ft.Status != 0 && (ft.Status < 400 || errorTypes[ft.Status] == ""):
		return fmt.Errorf("drapitest: fault Status %d is not an error status of the contract", ft.Status)
	case ft.RetryAfter < 0:
		return fmt.Errorf("drapitest: fault RetryAfter %d is negative", ft.RetryAfter)
	case ft.RetryAfter > 0 && ft.Status == 0:
		return fmt.Errorf("drapitest: fault RetryAfter needs a Status")
	case ft.Decline != "" && ft.Operation != gen.OpCreateOrder:
		return fmt.Errorf("drapitest: fault Decline %q needs Operation gen.OpCreateOrder, got %q", ft.Decline, ft.Operation)
	}
	n := 0
	for _, b := range []bool{ft.Status != 0, ft.Drop, ft.DropResponse, ft.Decline != ""} {
		if b {
			n++
		}
	}
	switch {
	case n > 1:
		return fmt.Errorf("drapitest: a fault has one of Status, Drop, DropResponse and Decline, not several")
	case n == 0 && ft.Latency == 0:
		return fmt.Errorf("drapitest: a fault needs Latency, Status, Drop, DropResponse or Decline")
	}
	return nil
}

// String describes the fault for logs and test failures.
func (ft Fault) String() string {
	s := "every call"
	if ft.Operation != "" {
		s = string(ft.Operation)
	}
	if ft.After > 0 {
		s += fmt.Sprintf(" after %d", ft.After)
	}
	if ft.Times > 0 {
		s += fmt.Sprintf(" for %d", ft.Times)
	}
	if ft.Rate > 0 && ft.Rate < 1 {
		s += fmt.Sprintf(" at rate %g", ft.Rate)
	}
	var what []string
	if ft.Latency > 0 {
		what = append(what, "latency "+ft.Latency.String())
	}
	switch {
	case ft.Status != 0:
		what = append(what, fmt.Sprintf("status %d", ft.Status))
	case ft.Drop:
		what = append(what, "drop")
	case ft.DropResponse:
		what = append(what, "drop response")
	case ft.Decline != "":
		what = append(what, "decline "+ft.Decline)
	}
	return s + ": " + strings.Join(what, ", ")
}

// faults holds the faults in force and their counts.
type faults struct {
	mu   sync.Mutex
	list []faultState
	rng  *rand.Rand
}

type faultState struct {
	Fault
	seen int // calls matched so far
}

// set replaces the faults in force; their counts start at zero.
func (fs *faults) set(list []Fault) error {
	for _, ft := range list {
		if err := ft.check(); err != nil {
			return err
		}
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = make([]faultState, len(list))
	for i, ft := range list {
		fs.list[i] = faultState{Fault: ft}
	}
	return nil
}

// action is what the faults do to one call.
type action struct {
	latency time.Duration
	fail    *Fault // nil: handle the call
}

// decide counts a call of operation op against every fault and returns what
// they do to it.
func (fs *faults) decide(op gen.OperationID) action {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var act action
	for i := range fs.list {
		f := &fs.list[i]
		if f.Operation != "" && f.Operation != op {
			continue
		}
		f.seen++
		if f.seen <= f.After || (f.Times > 0 && f.seen > f.After+f.Times) {
			continue
		}
		if f.Rate > 0 && f.Rate < 1 && fs.rng.Float64() >= f.Rate {
			continue
		}
		act.latency += f.Latency
		if act.fail == nil && (f.Status != 0 || f.Drop || f.DropResponse || f.Decline != "") {
			ft := f.Fault
			act.fail = &ft
		}
	}
	return act
}

// wait sleeps for d or until ctx ends, and reports whether it slept it all.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// injectedError is the answer of a fault's Status.
func injectedError(ft *Fault) *apiError {
	return newError(ft.Status, errorTypes[ft.Status], "", "Injected by drapitest (%s).", ft)
}

// declineError is the answer of a fault's Decline: createOrder's 409, the
// payment refused and no order made.
func declineError(code string) *apiError {
	return newError(http.StatusConflict, code, "", "The payment was declined; no order was created (injected by drapitest).")
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2): abort the handler, and net/http resets the
	// stream without writing a response.
	panic(http.ErrAbortHandler)
}
