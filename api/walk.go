package api

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// anySchema reports whether f holds for any schema of doc.
func anySchema(doc *openapi3.T, f func(*openapi3.Schema) bool) bool {
	found := false
	walkSchemas(doc, func(s *openapi3.Schema) { found = found || f(s) })
	return found
}

// walkSchemas calls f once for each schema reachable from doc's components
// and operations.
func walkSchemas(doc *openapi3.T, f func(*openapi3.Schema)) {
	seen := make(map[*openapi3.Schema]bool)
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		f(s)
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		walk(s.Not)
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range list {
				walk(r)
			}
		}
	}
	if doc.Components != nil {
		for _, ref := range doc.Components.Schemas {
			walk(ref)
		}
		for _, p := range doc.Components.Parameters {
			if p.Value != nil {
				walk(p.Value.Schema)
			}
		}
		for _, h := range doc.Components.Headers {
			if h.Value != nil {
				walk(h.Value.Schema)
			}
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			if p.Value != nil {
				walk(p.Value.Schema)
			}
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					walk(mt.Schema)
				}
				for _, h := range r.Value.Headers {
					if h.Value != nil {
						walk(h.Value.Schema)
					}
				}
			}
		}
	}
}
