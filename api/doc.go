// Package api holds payloads, requests and responses to the contract of the
// Digital River API, openapi.yaml as embedded in package drapi, at run time.
//
// # Payloads
//
// ValidateSchema checks JSON against a component schema ("Order",
// "CustomerRequest", ...); ValidateOperation checks it against an
// operation's request body or response ("createOrder" request, "getCustomer"
// response with status 200). Both return nil or a *ValidationError that
// lists every problem, each with a JSON pointer to the offending value, the
// rule it breaks and what was found:
//
//	err := api.ValidateOperation(ctx, "createOrder", api.InRequest, 0, body)
//	var verr *api.ValidationError
//	if errors.As(err, &verr) {
//		for _, p := range verr.Problems {
//			fmt.Println(p.Pointer, p.Rule, p.Found, p.Message)
//		}
//	}
//
// Requests are held to readOnly (a request must not send what the server
// sets), responses to writeOnly. The formats the contract uses (email, uuid,
// date-time, date) are checked, without registering anything in
// kin-openapi's global state. Beyond the schema, a key that differs from a
// declared property only by case, a key repeated in its object and a number
// out of the range of a double are problems too.
//
// Validation costs time linear in the size of the payload and the number
// of its problems; at most MaxProblems are listed per payload, and
// ValidationError.Omitted counts the rest.
//
// # HTTP
//
// ValidateRequest checks a whole *http.Request (route, parameters, body) and
// ValidateResponse a whole response (status, headers, body). NewTransport
// wraps an http.RoundTripper so that every call a client makes is checked:
// a request that breaks the contract is not sent, and a response that breaks
// it is reported or fails the call. Services drop it into their tests:
//
//	hc := &http.Client{Transport: api.NewTransport(nil, api.WithResponseFailure())}
//
// # The document
//
// Spec returns the contract as a kin-openapi document, loaded once and
// validated. This package depends only on kin-openapi and the standard
// library, so importing it costs services little.
package api
