package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// ValidateRequest checks r (route, path, query and header parameters, body)
// against the contract. It restores r.Body so the request can still be sent
// or handled. It does not judge credentials.
//
// errors.Is(err, ErrNoRoute) for an unknown path, errors.Is(err,
// ErrMethodNotAllowed) for a known path with the wrong method,
// errors.Is(err, ErrBodyTooLarge) for a body over MaxRequestBytes (left
// readable in r.Body); otherwise a *ValidationError listing every problem,
// or an error reading the body.
func ValidateRequest(r *http.Request) error {
	c := mustContract()
	rt, pathParams, err := c.routeOf(r)
	if err != nil {
		return err
	}
	body, err := readRequestBody(r)
	if err != nil {
		return err
	}
	return problemsError(c.checkRequest(r.Context(), rt, pathParams, r, body))
}

// MaxRequestBytes is the largest request body ValidateRequest and
// NewTransport read to validate; a larger one gives an error wrapping
// ErrBodyTooLarge, without reading more than this.
const MaxRequestBytes = 32 << 20

// ErrBodyTooLarge reports a request body larger than MaxRequestBytes.
var ErrBodyTooLarge = errors.New("api: the request body is too large to validate")

// readRequestBody reads r.Body whole, up to MaxRequestBytes, and puts an
// unread copy back. A larger body is not read further: r.Body then reads
// it all, the bytes read first and the rest.
func readRequestBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > MaxRequestBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrBodyTooLarge, r.ContentLength, MaxRequestBytes)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBytes+1))
	if err == nil && len(body) > MaxRequestBytes {
		r.Body = readCloser{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, MaxRequestBytes)
	}
	r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("api: read the request body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return body, nil
}

// checkRequest checks the parameters and body of a request already routed.
func (c *contract) checkRequest(ctx context.Context, rt *route, pathParams map[string]string, r *http.Request, body []byte) []Problem {
	var ps []Problem
	input := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: rt.kin, Options: c.filterOpts}
	query, err := url.ParseQuery(r.URL.RawQuery) // parsed once, not once per parameter
	if err != nil {
		// r.URL.Query() drops a query of more than 10,000 parameters
		// whole, and a pair with a bad escape: what is left to check is
		// not what a server that parses otherwise would act on.
		ps = append(ps, Problem{In: "query", Rule: "query", Found: render(r.URL.RawQuery),
			Message: fmt.Sprintf("the query does not parse (%v), so it cannot be checked", err)})
	}
	for _, ref := range rt.params {
		p := ref.Value
		if p == nil || p.In == openapi3.ParameterInCookie || absentQuery(p, query) {
			continue
		}
		if err := openapi3filter.ValidateParameter(ctx, input, p); err != nil {
			ps = append(ps, parameterProblems(p, err)...)
		}
		ps = append(ps, unknownBounds(p, query)...) // ranges.go
	}
	schema, err := rt.requestSchema()
	if err != nil {
		return append(ps, Problem{In: "body", Rule: "contentType", Message: err.Error()})
	}
	switch {
	case schema == nil && len(body) > 0:
		ps = append(ps, unexpectedBody(rt, InRequest, 0, body))
	case schema == nil:
	case len(body) == 0:
		if rt.op.RequestBody.Value.Required {
			ps = append(ps, Problem{In: "body", Rule: "required", Found: foundMissing,
				Message: fmt.Sprintf("%s requires a JSON body", rt.opID)})
		}
	default:
		if p, ok := checkContentType(r.Header); !ok {
			ps = append(ps, p)
		}
		ps = append(ps, c.validateBody(c.req.forRequest(schema), c.reqOpts, body)...)
	}
	return ps
}

// absentQuery reports whether p is an optional query parameter the query
// does not carry, neither as name= nor as name[key]= (a deepObject): there
// is nothing of it to check, and kin-openapi would still decode it.
func absentQuery(p *openapi3.Parameter, query url.Values) bool {
	if p.In != openapi3.ParameterInQuery || p.Required {
		return false
	}
	if _, ok := query[p.Name]; ok {
		return false
	}
	for k := range query {
		if strings.HasPrefix(k, p.Name) && len(k) > len(p.Name) && k[len(p.Name)] == '[' {
			return false
		}
	}
	return true
}

// checkContentType reports a body whose Content-Type is not JSON.
func checkContentType(h http.Header) (Problem, bool) {
	ct := h.Get("Content-Type")
	if ct == "" {
		return Problem{In: "header", Parameter: "Content-Type", Rule: "contentType", Found: foundMissing,
			Message: "a JSON body needs Content-Type: application/json"}, false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !isJSONMediaType(mt) {
		return Problem{In: "header", Parameter: "Content-Type", Rule: "contentType", Found: render(ct),
			Message: "the body is JSON, so Content-Type must be application/json"}, false
	}
	return Problem{}, true
}

func isJSONMediaType(mt string) bool {
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// parameterProblems converts the error openapi3filter.ValidateParameter
// returns for p.
func parameterProblems(p *openapi3.Parameter, err error) []Problem {
	in, name := p.In, p.Name
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.Err != nil {
		err = re.Err
	}
	switch {
	case errors.Is(err, openapi3filter.ErrInvalidRequired):
		return []Problem{{In: in, Parameter: name, Rule: "required", Found: foundMissing,
			Message: fmt.Sprintf("%s parameter %q is required", in, name)}}
	case errors.Is(err, openapi3filter.ErrInvalidEmptyValue):
		return []Problem{{In: in, Parameter: name, Rule: "required", Found: `""`,
			Message: fmt.Sprintf("%s parameter %q must not be empty", in, name)}}
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		found := ""
		if pe.Value != nil {
			found = render(fmt.Sprint(pe.Value))
		}
		msg := pe.Reason
		if want := paramType(p); want != "" {
			msg = "must be " + want
		}
		return []Problem{{In: in, Parameter: name, Rule: "type", Found: found, Message: msg}}
	}
	return schemaProblems(in, name, err)
}

// paramType names the type a parameter's value must have, with an article.
func paramType(p *openapi3.Parameter) string {
	if p.Schema == nil || p.Schema.Value == nil || p.Schema.Value.Type == nil {
		return ""
	}
	s := p.Schema.Value
	typ := s.Type.Slice()
	if len(typ) != 1 {
		return ""
	}
	switch typ[0] {
	case "integer":
		return "an integer"
	case "array":
		if s.Items != nil && s.Items.Value != nil && s.Items.Value.Type != nil && len(s.Items.Value.Type.Slice()) == 1 {
			return "a list of " + s.Items.Value.Type.Slice()[0] + "s"
		}
		return "a list"
	case "boolean":
		return "true or false"
	case "object":
		return rangeType(p) // ranges.go
	}
	return "a " + typ[0]
}

// statusText renders a status for messages: "404 Not Found".
func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return strconv.Itoa(status) + " " + t
	}
	return strconv.Itoa(status)
}
