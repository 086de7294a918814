package client

import (
	"context"
	"fmt"
	"time"

	"github.com/drapi-go/drapi/gen"
)

// ResponseInfo describes one answer the API gave, for a hook set with
// WithResponseHook: which call it answered and the identifiers Digital
// River's support can search by.
type ResponseInfo struct {
	// Operation is the contract's operation called, such as gen.OpCreateOrder.
	Operation gen.OperationID
	// Method and Path name the call, such as "POST" and "/orders".
	Method, Path string
	// StatusCode is the HTTP status answered, such as 201.
	StatusCode int
	// RequestID is the API's name for the request (the x-dr-requestid
	// header, or X-Request-Id); quote it to Digital River's support.
	RequestID string
	// UpstreamID is the upstream-id the client sent: one per call, the same
	// on each of its retries.
	UpstreamID string
	// Attempt counts the attempts of the call, from 1.
	Attempt int
	// Duration is how long the attempt took: until the answer's body was
	// read for a 2xx, until its headers arrived otherwise.
	Duration time.Duration
}

// WithResponseHook calls hook with every answer the API gives, success or
// error, retried or final, with the call's context, before the call
// returns. Use it to keep the request ID of a successful call, or to count
// statuses. Calls run concurrently (and All fetches the next page on a
// goroutine of its own), so hook must be safe for concurrent use and should
// not block for long; it never sees bodies or the key.
func WithResponseHook(hook func(ctx context.Context, info ResponseInfo)) Option {
	return func(c *config) error {
		if hook == nil {
			return fmt.Errorf("drapi: WithResponseHook: the hook is nil")
		}
		c.responseHook = hook
		return nil
	}
}
