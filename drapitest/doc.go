// Package drapitest is an in-memory Digital River API for tests: the
// contract's operations on customers, sources and orders over real state,
// on a loopback address, with no network and no key. Services that import
// this module test against it; drapi mock serves it to anything else.
//
// # Starting one
//
// In a test, NewServer starts a fake on 127.0.0.1 and closes it when the
// test ends. Give its URL and Key to the client under test, and its Client
// as the HTTP client: that one holds both sides to the contract, so a
// request that breaks it is never sent and a response that breaks it fails
// the call.
//
//	srv := drapitest.NewServer(t, drapitest.WithSeedFixtures())
//	c := srv.NewClient() // or client.New(srv.Key(), client.WithBaseURL(srv.URL), client.WithHTTPClient(srv.Client()))
//
// (The client sets no rate limit of its own for a loopback base URL, so a
// thousand calls take well under a second.)
//
// Outside tests, New returns the Fake, an http.Handler to serve with any
// http.Server (drapi mock and the CLI's sandbox do).
//
// # What it does
//
// It behaves as the API documents. IDs are the server's: customers
// cus_0000000001 (or the id the request brings; a duplicate is a 409),
// sources UUIDs, orders ord_0000000001, the same from run to run. createdTime
// and updatedTime come from the clock (WithClock), in UTC to the
// millisecond. Updates change only the fields sent. Attaching a source sets
// its customerId and lists it in the customer's sources; detaching undoes
// both. Orders get their items' amounts and taxes, their totals (see
// below), a state and stateTransitions, a fraudState and, when they name a
// source, a charge. Lists are newest first and page with startingAfter,
// endingBefore and limit (1 to 100, 10 by default) exactly as the contract
// says, with every filter of listCustomers and listOrders.
//
// # The live API's rules
//
// Every answer carries a unique x-dr-requestid. Orders come in the shape of
// the request's DigitalRiver-Version: under payment from PaymentVersion
// (2021-03-23) on, as the top-level sources, charges and paymentSessionId
// before; without the header, in DefaultAPIVersion (the contract's) or the
// version WithAPIVersion sets. Only reusable, chargeable sources can be
// attached (409 nonreusable_source, source_not_chargeable); the first one
// attached becomes the customer's defaultSourceId; a detached source is
// cancelled and can pay no order. A checkoutId that already became an order
// answers 404 not_found with parameter orderId. Fault.Decline makes
// createOrder answer a 409 with the code given, storing no order. Metadata
// over its limits gets too_many_metadata_pairs, invalid_metadata_key or
// invalid_metadata_value. getOrder leaves items' productDetails out unless
// expand=true.
//
// # Order totals
//
// Totals are computed from the items with a fixed tax rate (DefaultTaxRate,
// 10%, or WithTaxRate), each amount rounded to the cent, half away from
// zero. For each item, with price p (0 when absent) and quantity q (1 when
// absent):
//
//	unit discount  = discount.amountOff, at most p; else p × discount.percentOff / 100
//	item discount  = unit discount × discount.quantity (all q units when absent, at most q)
//	item amount    = p × q − item discount
//	item tax       = item amount × rate
//
// For the order:
//
//	subtotal       = Σ item amount
//	order discount = discount.amountOff, at most subtotal; else subtotal × discount.percentOff / 100
//	totalShipping  = shippingChoice.amount − shippingDiscount (worked out the same way)
//	totalDiscount  = Σ item discount + order discount + shipping discount
//	taxable        = subtotal − order discount + totalShipping
//	totalTax       = taxable × rate
//	totalAmount    = taxable + totalTax
//
// When a discount has both amountOff and percentOff, amountOff applies. With
// taxInclusive the prices hold the tax already: each tax is x − x/(1+rate) of
// its amount x, and totalAmount is taxable. shippingChoice.taxAmount is the
// tax on totalShipping. Item taxes ignore the order discount, so they add up
// to totalTax only without one (and up to rounding). totalFees, totalDuty and
// totalImporterTax are 0, and creditAmount does not change totalAmount. So
// two units at 10.00 with the default rate make subtotal 20.00, totalTax
// 2.00 and totalAmount 22.00.
//
// # What it refuses
//
// Every request is checked against the contract with package api (unless
// WithoutValidation): a request that breaks it gets a 400 in the API's
// Errors shape, one entry per problem, with code invalid_parameter or
// missing_parameter and the offending parameter ("limit", "sourceId",
// "items[0].skuId"). A missing or malformed bearer key, or a live one, gets a
// 401; a public key (pk_test_) outside createSource a 403. Unknown IDs get a
// 404 naming the parameter, unknown paths a 404, wrong methods a 405 with
// Allow, an Accept that refuses JSON a 406, a body over 1 MiB
// (WithMaxBodyBytes) a 400 with code request_too_large: all in the Errors
// shape. Every answer it sends validates against the contract; its own tests
// check that on every call.
//
// # Faults
//
// Faults make it fail on purpose, deterministically, so a client's
// timeouts and retry rules can be tested end to end: latency, a status (429
// with Retry-After, 500, 502, 503, 504), a connection dropped before the
// request is handled, or one dropped after (the order exists, the answer is
// lost). A fault can aim at one operation, start after the Nth call, last for
// some calls, or hit a seeded fraction of them:
//
//	srv := drapitest.NewServer(t, drapitest.WithFaults(
//		drapitest.Fault{Operation: gen.OpCreateOrder, Times: 1, Status: 429, RetryAfter: 1},
//		drapitest.Fault{Operation: gen.OpGetOrder, After: 2, Times: 1, Drop: true},
//	))
//
// SetFaults changes them during a test.
//
// # Looking inside
//
// Calls lists the requests received (method, path, query, operationId,
// status, whether a fault answered, duration, the request ID answered, and
// the DigitalRiver-Version and upstream headers sent). Customers, Sources, Orders
// and their one-object forms return copies of the state. WithSeedFixtures
// starts from the reference pages' examples; WithCustomers, WithSources and
// WithOrders from objects of one's own.
//
// A Fake is safe for concurrent use: each operation is atomic, and lists
// read while others write are consistent pages. Serving getCustomer, it
// answers some ten thousand calls a second over loopback; a suite of a
// thousand calls through the contract-checking client takes a fraction of a
// second.
package drapitest
