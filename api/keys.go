package api

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/drapi-go/drapi/gen"
	"github.com/getkin/kin-openapi/openapi3"
)

// caseProblems reports the keys of v that differ from a property schema
// declares only by case ("Email" where "email" is declared). The schema
// allows them as additional properties, but Go's encoding/json, and the
// API's own decoders, match field names case-insensitively: such a key
// would override the declared property without ever being validated.
func caseProblems(schema *openapi3.Schema, v any) []Problem {
	w := caseWalker{seen: make(map[string]bool)}
	w.walk([]*openapi3.Schema{schema}, v, nil)
	return w.out
}

// caseWalker walks a value along the schemas that describe it.
type caseWalker struct {
	out  []Problem
	seen map[string]bool // pointers reported, so that alternatives report once
}

// walk checks v against every schema of schemas (the schemas that apply
// to v: one, or alternatives of oneOf, anyOf and allOf), at path.
func (w *caseWalker) walk(schemas []*openapi3.Schema, v any, path []string) {
	if len(path) > maxDepth || len(schemas) == 0 {
		return
	}
	var sk *schemaKeys
	if len(schemas) == 1 {
		sk = keysOf(schemas[0])
	} else {
		sk = newSchemaKeys(schemas)
	}
	switch v := v.(type) {
	case map[string]any:
		if len(sk.declared) == 0 && len(sk.extra) == 0 {
			return
		}
		for k, val := range v {
			sub, ok := sk.declared[k]
			if !ok {
				if name, ok := foldMatch(sk.names, k); ok {
					w.report(append(path, k), name, val)
				}
				sub = sk.extra
			}
			if len(sub) > 0 {
				w.walk(sub, val, append(path[:len(path):len(path)], k))
			}
		}
	case []any:
		if len(sk.items) == 0 {
			return
		}
		for i, val := range v {
			w.walk(sk.items, val, append(path[:len(path):len(path)], strconv.Itoa(i)))
		}
	}
}

// schemaKeys is what walk needs of the schemas that apply to a value.
type schemaKeys struct {
	declared map[string][]*openapi3.Schema // the schemas of each declared property
	names    []string                      // the declared names, sorted
	extra    []*openapi3.Schema            // additionalProperties
	items    []*openapi3.Schema            // the schemas of array items
}

// keysCache holds the schemaKeys of single schemas: *openapi3.Schema to
// *schemaKeys.
var keysCache sync.Map

// keysOf returns the schemaKeys of s, computed once.
func keysOf(s *openapi3.Schema) *schemaKeys {
	if sk, ok := keysCache.Load(s); ok {
		return sk.(*schemaKeys)
	}
	sk, _ := keysCache.LoadOrStore(s, newSchemaKeys([]*openapi3.Schema{s}))
	return sk.(*schemaKeys)
}

func newSchemaKeys(schemas []*openapi3.Schema) *schemaKeys {
	sk := &schemaKeys{declared: make(map[string][]*openapi3.Schema)}
	for _, s := range flatten(schemas) {
		for name, ref := range s.Properties {
			if ref != nil && ref.Value != nil {
				sk.declared[name] = append(sk.declared[name], ref.Value)
			}
		}
		if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
			sk.extra = append(sk.extra, ap.Value)
		}
		if s.Items != nil && s.Items.Value != nil {
			sk.items = append(sk.items, s.Items.Value)
		}
	}
	sk.names = slices.Sorted(maps.Keys(sk.declared))
	return sk
}

// report adds the problem of the key at path, a case variant of name.
func (w *caseWalker) report(path []string, name string, val any) {
	ptr := pointer(path)
	if w.seen[ptr] {
		return
	}
	w.seen[ptr] = true
	key := path[len(path)-1]
	w.out = append(w.out, Problem{In: "body", Pointer: ptr, Rule: "caseVariant", Found: render(val),
		Message: fmt.Sprintf("%q differs from the property %q only by case: decoders that match names regardless of case would take it for %q, unchecked; send %q", key, name, name, name)})
}

// foldMatch returns the name of names that k equals under Unicode case
// folding, as encoding/json matches field names.
func foldMatch(names []string, k string) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return n, true
		}
	}
	return "", false
}

// flatten returns schemas with the alternatives and parts of each (oneOf,
// anyOf, allOf) added, recursively, without repeats.
func flatten(schemas []*openapi3.Schema) []*openapi3.Schema {
	var out []*openapi3.Schema
	var add func(s *openapi3.Schema, depth int)
	add = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 32 || slices.Contains(out, s) {
			return
		}
		out = append(out, s)
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range list {
				if r != nil {
					add(r.Value, depth+1)
				}
			}
		}
	}
	for _, s := range schemas {
		add(s, 0)
	}
	return out
}

// CheckKeys checks only the keys of data, the JSON request body of
// op: a key that differs from a property the operation's schema
// declares only by case (which Go's decoder, matching names regardless of
// case, would take for the property) and a key repeated in its object
// (which decoders resolve differently). It returns nil when there are none
// or data is not JSON (that is for a decoder to report), a
// *ValidationError listing them, or an error wrapping ErrUnknownOperation.
// It costs a fraction of ValidateRequestBody, for handlers that skip full
// validation but must not read a body otherwise than it was validated.
func CheckKeys(op gen.OperationID, data []byte) error {
	c := mustContract()
	rt, err := c.operation(op)
	if err != nil {
		return err
	}
	schema, err := rt.requestSchema()
	if err != nil || schema == nil || isBlank(data) {
		return err
	}
	v, notes, err := decodeBody(data, true)
	if err != nil {
		return nil
	}
	ps := caseProblems(schema, v)
	notes = slices.DeleteFunc(notes, func(n note) bool { return n.Rule != "duplicateKey" && n.Rule != ruleMaxProblems })
	if len(ps)+len(notes) == 0 {
		return nil
	}
	ps = withNotes(data, ps, notes)
	locateAll(data, ps)
	sortProblems(ps)
	return problemsError(ps)
}
