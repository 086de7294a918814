package api

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The contract's range filters are deepObject query parameters
// (createdTime[gte]=2020-09-22T12:09:44Z). kin-openapi skips a key the
// object does not declare, so a mistyped bound (createdTime[gteq]=...)
// would silently filter nothing and list everything; unknownBounds reports
// it instead.

// unknownBounds reports the keys of the deepObject parameter p in query that
// its schema does not declare, when the schema allows no others.
func unknownBounds(p *openapi3.Parameter, query url.Values) []Problem {
	if p.In != openapi3.ParameterInQuery || p.Style != openapi3.SerializationDeepObject || p.Schema == nil || p.Schema.Value == nil {
		return nil
	}
	s := p.Schema.Value
	if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has || len(s.Properties) == 0 {
		return nil
	}
	var ps []Problem
	for _, key := range slices.Sorted(maps.Keys(query)) {
		rest, ok := strings.CutPrefix(key, p.Name+"[")
		if !ok {
			continue
		}
		bound, _, _ := strings.Cut(rest, "]")
		if _, known := s.Properties[bound]; !known {
			ps = append(ps, Problem{In: p.In, Parameter: p.Name, Rule: "additionalProperties", Found: render(key),
				Message: fmt.Sprintf("%q is not a bound of %s; the bounds are %s", bound, p.Name, strings.Join(slices.Sorted(maps.Keys(s.Properties)), ", "))})
		}
	}
	return ps
}

// rangeType names what a deepObject parameter takes, for messages:
// "a range: createdTime[gte]=<date-time>, with bounds eq, gt, gte, lt, lte".
func rangeType(p *openapi3.Parameter) string {
	s := p.Schema.Value
	if p.Style != openapi3.SerializationDeepObject || len(s.Properties) == 0 {
		return "an object"
	}
	names := slices.Sorted(maps.Keys(s.Properties))
	value := "<value>"
	if first := s.Properties[names[0]].Value; first != nil && first.Type != nil && len(first.Type.Slice()) == 1 {
		value = "<" + first.Type.Slice()[0] + ">"
		if first.Format == "date-time" {
			value = "<date-time>"
		}
	}
	return fmt.Sprintf("a range: %s[%s]=%s, with bounds %s", p.Name, names[len(names)/2], value, strings.Join(names, ", "))
}
