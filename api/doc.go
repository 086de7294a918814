// Package api holds payloads, requests and responses to the contract of the
// Digital River API, openapi.yaml as embedded in package drapi, at run time.
//
// # Payloads
//
// ValidateSchema checks JSON against a component schema ("Order",
// "CustomerRequest", ...); ValidateRequestBody and ValidateResponseBody
// check it against an operation's request body or its response with a
// status (gen.OpCreateOrder's request, gen.OpGetCustomer's 200 response).
// They return nil or a *ValidationError that lists every problem, each with
// a JSON pointer to the offending value, the rule it breaks and what was
// found:
//
//	err := api.ValidateRequestBody(gen.OpCreateOrder, body)
//	var verr *api.ValidationError
//	if errors.As(err, &verr) {
//		for _, p := range verr.Problems {
//			fmt.Println(p.Pointer, p.Rule, p.Found, p.Message)
//		}
//	}
//
// Requests are held to readOnly (a request must not send what the server
// sets), responses to writeOnly. Request bodies are closed: a field the
// request schema does not declare is a problem, as the API refuses it;
// responses stay open, as the API adds fields without a new version.
// WithEnumWarnings and
// WithResponseEnumWarnings turn an unknown enum value in a response into a
// warning, for the same reason. The formats the contract uses (email, uuid,
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
// The contract is loaded once, on first use, and validated. Example returns
// one of its examples as JSON. No kin-openapi type appears in this package's
// API, so a kin-openapi upgrade cannot break the code of services that
// import it.
package api
