package api

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ValidateResponse checks a response to r (status, headers, body) against
// the contract. r is only routed: its body is not read.
//
// errors.Is(err, ErrNoRoute) or ErrMethodNotAllowed when r is not an
// operation of the contract; otherwise a *ValidationError listing every
// problem. Options: WithEnumWarnings.
func ValidateResponse(ctx context.Context, r *http.Request, status int, header http.Header, body []byte, opts ...ValidateOption) error {
	c := mustContract()
	rt, _, err := c.routeOf(r)
	if err != nil {
		return err
	}
	return problemsError(newValidateConfig(opts).sift(c.checkResponse(rt, status, header, body)))
}

// checkResponse checks a response of the operation rt.
func (c *contract) checkResponse(rt *route, status int, header http.Header, body []byte) []Problem {
	resp := rt.response(status)
	if resp == nil {
		return []Problem{{In: "status", Rule: "status", Found: strconv.Itoa(status),
			Message: fmt.Sprintf("%s never answers %s; the contract lists %s", rt.opID, statusText(status), strings.Join(rt.statuses(), ", "))}}
	}
	var ps []Problem
	for _, name := range slices.Sorted(maps.Keys(resp.Headers)) {
		if h := resp.Headers[name]; h != nil && h.Value != nil {
			ps = append(ps, c.checkHeader(name, &h.Value.Parameter, header)...)
		}
	}
	schema, err := responseSchema(rt, status, resp)
	if err != nil {
		return append(ps, Problem{In: "body", Rule: "contentType", Message: err.Error()})
	}
	switch {
	case schema == nil && len(body) > 0:
		ps = append(ps, unexpectedBody(rt, InResponse, status, body))
	case schema == nil:
	case len(body) == 0:
		ps = append(ps, Problem{In: "body", Rule: "required", Found: foundMissing,
			Message: fmt.Sprintf("%s answers %s with a JSON body", rt.opID, statusText(status))})
	default:
		if p, ok := checkContentType(header); !ok {
			ps = append(ps, p)
		}
		ps = append(ps, c.validateBody(schema, c.respOpts, body)...)
	}
	return ps
}

// checkHeader checks the response header name, described by h.
func (c *contract) checkHeader(name string, h *openapi3.Parameter, header http.Header) []Problem {
	vals := header.Values(name)
	if len(vals) == 0 {
		if h.Required {
			return []Problem{{In: "header", Parameter: name, Rule: "required", Found: foundMissing,
				Message: fmt.Sprintf("header %s is required", name)}}
		}
		return nil
	}
	if h.Schema == nil || h.Schema.Value == nil {
		return nil
	}
	s := h.Schema.Value
	raw := strings.TrimSpace(vals[0])
	var v any = raw
	switch {
	case s.Type.Is(openapi3.TypeInteger):
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return []Problem{{In: "header", Parameter: name, Rule: "type", Found: render(raw), Message: "must be an integer"}}
		}
		v = float64(n)
	case s.Type.Is(openapi3.TypeNumber):
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return []Problem{{In: "header", Parameter: name, Rule: "type", Found: render(raw), Message: "must be a number"}}
		}
		v = f
	case s.Type.Is(openapi3.TypeBoolean):
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return []Problem{{In: "header", Parameter: name, Rule: "type", Found: render(raw), Message: "must be true or false"}}
		}
		v = b
	}
	if err := s.VisitJSON(v, c.anyOpts...); err != nil {
		return schemaProblems("header", name, err)
	}
	return nil
}
