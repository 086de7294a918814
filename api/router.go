package api

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// route is one operation of the contract, with what validating its requests
// and responses needs.
type route struct {
	opID     string
	method   string
	path     string   // the template, "/customers/{id}"
	segments []string // the template's segments; "{name}" ones are parameters
	literals int      // how many segments are literal, for precedence
	op       *openapi3.Operation
	params   openapi3.Parameters // path-level and operation-level, merged
	kin      *routers.Route
	success  int // the lowest 2xx status the operation answers
}

// router finds the operation of a request by method and path. It ignores
// the host: the contract's server is the real API, but requests are also
// made to fakes and test servers.
//
// Why not kin-openapi's legacy router (host-agnostic once the servers are
// cleared)? It matches the unescaped path, so an ID holding an escaped "/"
// (customers/a%2Fb, as client sends it) finds no operation, and it cannot
// tell a wrong method (405, with the allowed ones) from an unknown path
// (404). BenchmarkRouter: this one is also about 1.25x faster, with 8
// allocations against 11 for three requests; either is about 1% of a
// validation.
type router struct {
	routes []*route // most literal segments first
}

func newRouter(doc *openapi3.T) (*router, error) {
	rt := &router{}
	if doc.Paths == nil {
		return rt, nil
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, fmt.Errorf("api: %s %s has no operationId", method, path)
			}
			r := &route{
				opID:     op.OperationID,
				method:   method,
				path:     path,
				segments: strings.Split(strings.TrimPrefix(path, "/"), "/"),
				op:       op,
				params:   mergeParams(item.Parameters, op.Parameters),
				kin:      &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
			}
			for _, s := range r.segments {
				if !isParamSegment(s) {
					r.literals++
				}
			}
			r.success = successStatus(op)
			rt.routes = append(rt.routes, r)
		}
	}
	sort.SliceStable(rt.routes, func(i, j int) bool {
		a, b := rt.routes[i], rt.routes[j]
		if a.literals != b.literals {
			return a.literals > b.literals
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return a.method < b.method
	})
	return rt, nil
}

func isParamSegment(s string) bool {
	return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}'
}

// mergeParams returns the operation's parameters with the path item's that
// it does not override.
func mergeParams(pathLevel, opLevel openapi3.Parameters) openapi3.Parameters {
	out := append(openapi3.Parameters(nil), opLevel...)
	for _, p := range pathLevel {
		if p.Value == nil || opLevel.GetByInAndName(p.Value.In, p.Value.Name) != nil {
			continue
		}
		out = append(out, p)
	}
	return out
}

// successStatus is the lowest 2xx status of op, or 200.
func successStatus(op *openapi3.Operation) int {
	best := 0
	if op.Responses == nil {
		return 200
	}
	for code := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			continue
		}
		if best == 0 || n < best {
			best = n
		}
	}
	if best == 0 {
		return 200
	}
	return best
}

// find returns the route of method and escapedPath, with the path
// parameters' values, unescaped.
func (rt *router) find(method, escapedPath string) (*route, map[string]string, error) {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	var pathMatched bool
	for _, r := range rt.routes {
		if len(r.segments) != len(segs) || !r.matches(segs) {
			continue
		}
		if r.method != method {
			pathMatched = true
			continue
		}
		params := make(map[string]string, len(r.segments)-r.literals)
		for i, s := range r.segments {
			if isParamSegment(s) {
				v, err := url.PathUnescape(segs[i])
				if err != nil {
					v = segs[i]
				}
				params[s[1:len(s)-1]] = v
			}
		}
		return r, params, nil
	}
	if pathMatched {
		return nil, nil, fmt.Errorf("%w: %s %s (allowed: %s)", ErrMethodNotAllowed, method, escapedPath, strings.Join(rt.allowed(segs), ", "))
	}
	return nil, nil, fmt.Errorf("%w: %s %s", ErrNoRoute, method, escapedPath)
}

// matches reports whether the path segments segs fit the route's template.
func (r *route) matches(segs []string) bool {
	for i, s := range r.segments {
		if isParamSegment(s) {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if s != segs[i] {
			return false
		}
	}
	return true
}

// allowed lists the methods the contract has for the path segs.
func (rt *router) allowed(segs []string) []string {
	var out []string
	for _, r := range rt.routes {
		if len(r.segments) == len(segs) && r.matches(segs) {
			out = append(out, r.method)
		}
	}
	sort.Strings(out)
	return out
}

// routeOf finds the route of an HTTP request.
func (c *contract) routeOf(r *http.Request) (*route, map[string]string, error) {
	if r == nil || r.URL == nil {
		return nil, nil, fmt.Errorf("%w: no request URL", ErrNoRoute)
	}
	return c.router.find(r.Method, r.URL.EscapedPath())
}
