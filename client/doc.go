// Package client is the Go client of the Digital River API's customers,
// sources and orders: authentication, typed errors, retries that never
// double-charge, a client-side rate limit and pagination with for range. It
// wraps the generated package gen, whose models it takes and returns.
//
// # Making a client
//
// A Client authenticates with a secret key and is safe for concurrent use;
// make one per key and share it:
//
//	c, err := client.New(os.Getenv("DR_SECRET_KEY"))
//	// or: c, err := client.NewFromEnv() // DR_SECRET_KEY, DR_BASE_URL
//
// Options set the base URL (WithBaseURL; https, or http to a loopback host
// only), the *http.Client (WithHTTPClient), a *slog.Logger (WithLogger),
// retries (WithMaxRetries, WithBackoff, WithRetryAfterCap), the rate limit
// (WithRateLimit), the User-Agent (WithUserAgent), the API version
// (WithAPIVersion), the upstream-application-id (WithUpstreamApplicationID)
// and a hook seeing every answer (WithResponseHook). The key never appears
// in errors, log records or when the Client is printed.
//
// # The live API's headers
//
// Every call sends a fresh upstream-id, the same on each of its retries, and
// the upstream-application-id; WithShopper adds the shopper's
// upstream-session-id and forwarded address to the calls made with a
// context. Each answer's x-dr-requestid is APIError.RequestID, the
// request_id of every log record and ResponseInfo.RequestID.
//
// # Calls
//
// Each resource is a field of the Client, and each method is one API call,
// context first:
//
//	cust, err := c.Customers.Get(ctx, "cus_1")
//	order, err := c.Orders.Create(ctx, gen.OrderRequest{...})
//
// # Errors
//
// Every non-2xx answer is an *APIError with the status, the API's error
// type, every {code, parameter, message}, the request ID and Retry-After.
// errors.Is matches it against ErrBadRequest, ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrConflict, ErrRateLimited and ErrServer, and a refused
// order against ErrDeclined (a 409: no order, a new checkout is needed) or
// ErrOrderExists (a 404: the checkoutId already became an order). HasCode
// asks it for one of the API's codes (CodeSourceNotChargeable, ...). A 2xx
// body that does not decode is a *DecodeError holding the status and the
// body; for a POST it matches ErrOutcomeUnknown, since the API acted.
//
// # Retries
//
// The API has no idempotency keys, so only what cannot run twice is
// retried. GET and DELETE are retried on connection errors and on 408, 429,
// 500, 502, 503 and 504. POST (Create, Update, AttachSource) is retried only
// on 429 and when the connection failed before the request was written. A
// POST that may have reached the API but has no answer (a timeout, a reset,
// a 5xx) fails with an error matching ErrOutcomeUnknown and is never resent:
// find out what happened first; Orders.CreateOrFind does that for orders.
// Waits grow exponentially with jitter, honour Retry-After up to a cap, and
// end with ctx.
//
// # Pages
//
// List fetches one page; All walks every page as an iter.Seq2, fetching the
// next page while the loop body runs:
//
//	for cust, err := range c.Customers.All(ctx, &gen.ListCustomersParams{Limit: new(100)}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(cust.ID)
//	}
//
// Since, Before and Between build the createdTime, updatedTime and
// state-transition range filters in one expression:
// &gen.ListOrdersParams{UpdatedTime: client.Since(checkpoint)}.
//
// # Rate limit
//
// A client-side limiter keeps a busy service from provoking 429s: 25
// requests a second for sk_test_ keys and 250 for others, and none for a
// loopback base URL (a local fake), unless WithRateLimit says otherwise.
//
// # Testing
//
// Package drapitest is an in-memory fake of the API; its Server.NewClient
// returns a Client that calls it, holding both sides to the contract.
package client
