package api

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Requests are closed: a field the request schema does not declare is a
// problem, since the API answers it with unknown_parameter and it is almost
// always a typo. Responses stay open, as the API adds properties without a new
// version. The schemas of openapi.yaml are shared by both directions
// (Address, Metadata, ...), so the contract is not closed in the YAML: at
// load, requestRules makes a request-direction copy of every schema in which
// each object schema with declared properties and no word on additional ones
// allows no others (the parts of an allOf, and a oneOf or anyOf beside
// properties, excepted: see copyOf).
//
// The copy also carries the two rules OpenAPI 3.0 cannot state, written as
// extensions in openapi.yaml:
//   - x-required-one-of: [a, b] on an object: at least one of a and b must
//     be present (an order item names a skuId or describes productDetails);
//   - x-max-key-length: n on a map (Metadata): no key longer than n
//     characters.

// Extension names of the rules OpenAPI 3.0 cannot state.
const (
	extRequiredOneOf = "x-required-one-of"
	extMaxKeyLength  = "x-max-key-length"
)

// requestRules holds the request-direction copies of a contract's schemas.
type requestRules struct {
	closed map[*openapi3.Schema]*openapi3.Schema // original -> closed copy
	open   map[*openapi3.Schema]*openapi3.Schema // original -> copy closed below it only, for parts
	copies map[*openapi3.Schema]bool             // the copies
	oneOf  map[*openapi3.Schema][]string         // closed copy -> x-required-one-of
	maxKey map[*openapi3.Schema]int              // closed copy -> x-max-key-length
	// reach says whether a rule applies to a closed copy or below it, so
	// the walk skips the subtrees no rule reaches.
	reach map[*openapi3.Schema]bool
}

// newRequestRules copies every schema reachable from doc for requests.
func newRequestRules(doc *openapi3.T) (*requestRules, error) {
	r := &requestRules{
		closed: make(map[*openapi3.Schema]*openapi3.Schema),
		open:   make(map[*openapi3.Schema]*openapi3.Schema),
		copies: make(map[*openapi3.Schema]bool),
		oneOf:  make(map[*openapi3.Schema][]string),
		maxKey: make(map[*openapi3.Schema]int),
		reach:  make(map[*openapi3.Schema]bool),
	}
	var err error
	walkSchemas(doc, func(s *openapi3.Schema) {
		if _, e := r.close(s); e != nil && err == nil {
			err = e
		}
	})
	for c := range r.copies {
		r.reaches(c, make(map[*openapi3.Schema]bool))
	}
	return r, err
}

// reaches reports whether a rule applies to s or to a schema the walk
// goes to from s (properties, additional properties, items), memoised in
// r.reach; visiting guards against cycles.
func (r *requestRules) reaches(s *openapi3.Schema, visiting map[*openapi3.Schema]bool) bool {
	if s == nil || visiting[s] {
		return false
	}
	if v, ok := r.reach[s]; ok {
		return v
	}
	visiting[s] = true
	_, one := r.oneOf[s]
	_, key := r.maxKey[s]
	found := one || key
	subs := []*openapi3.SchemaRef{s.Items, s.AdditionalProperties.Schema}
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	for _, sub := range subs {
		if sub != nil && r.reaches(sub.Value, visiting) {
			found = true
		}
	}
	delete(visiting, s)
	r.reach[s] = found
	return found
}

// forRequest returns the closed copy of s, or s itself when it has none.
func (r *requestRules) forRequest(s *openapi3.Schema) *openapi3.Schema {
	if r == nil || s == nil {
		return s
	}
	if c, ok := r.closed[s]; ok {
		return c
	}
	return s
}

// close returns the closed copy of s, making it (and those of the schemas
// under it) on first use.
func (r *requestRules) close(s *openapi3.Schema) (*openapi3.Schema, error) {
	return r.copyOf(s, true)
}

// copyOf returns the request copy of s: closed when closeIt, else closed
// only below it. The parts of a composition are checked against the whole
// value, so they stay open where closing them would refuse the properties
// of the other parts: every allOf part, and the oneOf and anyOf
// alternatives of a schema with properties of its own; such a schema stays
// open itself. (Closing those with the union of the parts' properties is
// left for a contract that has them.)
func (r *requestRules) copyOf(s *openapi3.Schema, closeIt bool) (*openapi3.Schema, error) {
	if s == nil {
		return nil, nil
	}
	memo := r.closed
	if !closeIt {
		memo = r.open
	}
	if c, ok := memo[s]; ok {
		return c, nil
	}
	c := new(openapi3.Schema)
	*c = *s
	memo[s] = c
	r.copies[c] = true
	var err error
	ref := func(sr *openapi3.SchemaRef, closeIt bool) *openapi3.SchemaRef {
		if sr == nil || sr.Value == nil {
			return sr
		}
		v, e := r.copyOf(sr.Value, closeIt)
		if e != nil && err == nil {
			err = e
		}
		return &openapi3.SchemaRef{Ref: sr.Ref, Value: v}
	}
	refs := func(list openapi3.SchemaRefs, closeIt bool) openapi3.SchemaRefs {
		if list == nil {
			return nil
		}
		out := make(openapi3.SchemaRefs, len(list))
		for i, sr := range list {
			out[i] = ref(sr, closeIt)
		}
		return out
	}
	if s.Properties != nil {
		c.Properties = make(openapi3.Schemas, len(s.Properties))
		for name, sr := range s.Properties {
			c.Properties[name] = ref(sr, true)
		}
	}
	c.Items = ref(s.Items, true)
	c.Not = ref(s.Not, true)
	alone := len(s.Properties) == 0 // alternatives may be closed on their own
	c.OneOf, c.AnyOf, c.AllOf = refs(s.OneOf, alone), refs(s.AnyOf, alone), refs(s.AllOf, false)
	c.AdditionalProperties.Schema = ref(s.AdditionalProperties.Schema, true)
	composed := len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0
	if closeIt && len(s.Properties) > 0 && !composed && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		no := false
		c.AdditionalProperties.Has = &no
	}
	if names, ok, e := stringsExtension(s, extRequiredOneOf); e != nil {
		return nil, e
	} else if ok {
		r.oneOf[c] = names
	}
	if n, ok, e := intExtension(s, extMaxKeyLength); e != nil {
		return nil, e
	} else if ok {
		r.maxKey[c] = n
	}
	return c, err
}

// stringsExtension reads an extension that is a list of property names.
func stringsExtension(s *openapi3.Schema, name string) ([]string, bool, error) {
	v, ok := s.Extensions[name]
	if !ok {
		return nil, false, nil
	}
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		str, isStr := x.(string)
		if !isStr {
			list = nil
			break
		}
		out = append(out, str)
	}
	if len(list) == 0 {
		return nil, false, fmt.Errorf("api: %s must be a list of property names, not %v", name, v)
	}
	return out, true, nil
}

// intExtension reads an extension that is a non-negative integer.
func intExtension(s *openapi3.Schema, name string) (int, bool, error) {
	v, ok := s.Extensions[name]
	if !ok {
		return 0, false, nil
	}
	f, isNum := v.(float64)
	if !isNum || f < 0 || f != float64(int(f)) {
		return 0, false, fmt.Errorf("api: %s must be a non-negative integer, not %v", name, v)
	}
	return int(f), true, nil
}

// problems checks v, validated against the closed copy s, for the rules
// kin-openapi cannot check; nil when s is not a closed copy.
func (r *requestRules) problems(s *openapi3.Schema, v any) []Problem {
	if r == nil || !r.reach[s] {
		return nil
	}
	var ps []Problem
	r.walk(s, v, nil, &ps)
	return ps
}

// walk applies the extension rules to v and to the values under it.
func (r *requestRules) walk(s *openapi3.Schema, v any, path []string, ps *[]Problem) {
	if s == nil || !r.reach[s] {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		if names, ok := r.oneOf[s]; ok && !hasAny(v, names) {
			*ps = append(*ps, Problem{In: "body", Pointer: pointer(append(path, names[0])), Rule: "required", Found: foundMissing,
				Message: fmt.Sprintf("%q is required unless %s given", names[0], quotedList(names[1:]))})
		}
		if n, ok := r.maxKey[s]; ok {
			for k := range v {
				if utf8.RuneCountInString(k) > n {
					*ps = append(*ps, Problem{In: "body", Pointer: pointer(append(path, k)), Rule: "maxKeyLength", Found: render(k),
						Message: fmt.Sprintf("keys may be at most %d characters long; this one has %d", n, utf8.RuneCountInString(k))})
				}
			}
		}
		for k, val := range v {
			sub := s.AdditionalProperties.Schema
			if p, ok := s.Properties[k]; ok {
				sub = p
			}
			if sub != nil {
				r.walk(sub.Value, val, append(path, k), ps)
			}
		}
	case []any:
		if s.Items != nil {
			for i, val := range v {
				r.walk(s.Items.Value, val, append(path, strconv.Itoa(i)), ps)
			}
		}
	}
}

func hasAny(obj map[string]any, names []string) bool {
	for _, n := range names {
		if _, ok := obj[n]; ok {
			return true
		}
	}
	return false
}

// quotedList renders names as `"a" is` or `"a" or "b" is`.
func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) == 1 {
		return q[0] + " is"
	}
	return strings.Join(q, " or ") + " is"
}
