package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/internal/kinschema"
	"github.com/getkin/kin-openapi/openapi3"
)

// lintFinding is one way a spec falls short of what this project's CI
// needs.
type lintFinding struct {
	// Rule is the rule broken: "parse", "openapi" (kin-openapi's
	// validation), "operationId", "summary", "security", "errorResponses",
	// "example", "ref" or "unused".
	Rule    string `json:"rule"`
	Where   string `json:"where"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// sharedErrorStatuses are the error responses every operation must declare,
// by reference to components.responses.
var sharedErrorStatuses = []string{"400", "401", "403", "404", "405", "406", "408", "409", "429", "500", "502", "503", "504"}

// lintSpec checks the spec data and returns its findings, sorted by line.
func lintSpec(ctx context.Context, data []byte) []lintFinding {
	tree, err := parseSpecTree(data)
	if err != nil {
		return []lintFinding{{Rule: "parse", Message: "the spec does not parse: " + err.Error()}}
	}
	findings := tree.refFindings()
	brokenRefs := len(findings) > 0
	findings = append(findings, tree.unusedFindings()...)

	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	doc, err := loader.LoadFromData(data)
	if err != nil {
		msg := "kin-openapi cannot load the spec: " + err.Error()
		if brokenRefs {
			msg = "kin-openapi cannot load the spec until its $refs resolve: the other rules were not run"
		}
		findings = append(findings, lintFinding{Rule: "openapi", Message: msg})
		return sortFindings(findings)
	}
	if err := doc.Validate(ctx, openapi3.EnableMultiError(), openapi3.DisableExamplesValidation()); err != nil {
		for _, e := range flattenErrors(err) {
			findings = append(findings, lintFinding{Rule: "openapi", Message: e.Error()})
		}
	}
	l := &linter{ctx: ctx, doc: doc, seen: map[any]bool{}}
	l.operations()
	l.examples()
	return sortFindings(append(findings, l.findings...))
}

func flattenErrors(err error) []error {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []error
		for _, e := range me {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []error{err}
}

func sortFindings(fs []lintFinding) []lintFinding {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Line != fs[j].Line {
			return fs[i].Line < fs[j].Line
		}
		return fs[i].Rule < fs[j].Rule
	})
	return fs
}

type linter struct {
	ctx      context.Context
	doc      *openapi3.T
	findings []lintFinding
	seen     map[any]bool // examples already checked, shared by several operations
}

func (l *linter) add(rule, where string, origin *openapi3.Origin, format string, args ...any) {
	l.findings = append(l.findings, lintFinding{Rule: rule, Where: where, Line: line(origin), Message: fmt.Sprintf(format, args...)})
}

func line(o *openapi3.Origin) int {
	if o == nil || o.Key == nil {
		return 0
	}
	return o.Key.Line
}

// eachOperation calls f for every operation, in path and method order.
func (l *linter) eachOperation(f func(path, method string, op *openapi3.Operation)) {
	if l.doc.Paths == nil {
		return
	}
	paths := l.doc.Paths.Map()
	for _, p := range sortedNames(paths) {
		ops := paths[p].Operations()
		for _, m := range sortedNames(ops) {
			f(p, m, ops[m])
		}
	}
}

// operations checks operationId, summary, security and error responses.
func (l *linter) operations() {
	ids := map[string]string{}
	schemes := map[string]bool{}
	if l.doc.Components != nil {
		for name := range l.doc.Components.SecuritySchemes {
			schemes[name] = true
		}
	}
	l.eachOperation(func(path, method string, op *openapi3.Operation) {
		where := method + " " + path
		switch {
		case op.OperationID == "":
			l.add("operationId", where, op.Origin, "%s has no operationId", where)
		case ids[op.OperationID] != "":
			l.add("operationId", where, op.Origin, "operationId %s is also %s's", op.OperationID, ids[op.OperationID])
		default:
			ids[op.OperationID] = where
		}
		if strings.TrimSpace(op.Summary) == "" {
			l.add("summary", where, op.Origin, "%s has no summary", where)
		}
		sec := op.Security
		if sec == nil {
			sec = &l.doc.Security
		}
		if len(*sec) == 0 {
			l.add("security", where, op.Origin, "%s has no security requirement: anyone may call it", where)
		}
		for _, req := range *sec {
			for name := range req {
				if !schemes[name] {
					l.add("security", where, op.Origin, "%s requires security scheme %q, which components.securitySchemes lacks", where, name)
				}
			}
		}
		var missing, inline []string
		for _, code := range sharedErrorStatuses {
			var ref *openapi3.ResponseRef
			if op.Responses != nil {
				ref = op.Responses.Value(code)
			}
			switch {
			case ref == nil:
				missing = append(missing, code)
			case !strings.HasPrefix(ref.Ref, "#/components/responses/"):
				inline = append(inline, code)
			}
		}
		if len(missing) > 0 {
			l.add("errorResponses", where, op.Origin, "%s lacks the shared error responses %s", where, strings.Join(missing, ", "))
		}
		if len(inline) > 0 {
			l.add("errorResponses", where, op.Origin, "%s declares the error responses %s inline: reference the shared ones in components.responses", where, strings.Join(inline, ", "))
		}
	})
}

// examples checks every example against its schema: those of request and
// response bodies (held to readOnly and writeOnly), of parameters and
// headers, and of schemas.
func (l *linter) examples() {
	l.eachOperation(func(path, method string, op *openapi3.Operation) {
		name := op.OperationID
		if name == "" {
			name = method + " " + path
		}
		if rb := op.RequestBody; rb != nil && rb.Value != nil {
			where := name + " request body"
			if rb.Ref != "" {
				where = refName(rb.Ref)
			}
			l.contentExamples(where, rb.Value.Content, api.InRequest)
		}
		if op.Responses != nil {
			for code, rr := range op.Responses.Map() {
				if rr.Value == nil {
					continue
				}
				where := name + " response " + code
				if rr.Ref != "" {
					where = refName(rr.Ref)
				}
				l.contentExamples(where, rr.Value.Content, api.InResponse)
				for hname, h := range rr.Value.Headers {
					if h.Value != nil {
						l.parameterExamples(where+" header "+hname, &h.Value.Parameter)
					}
				}
			}
		}
		for _, p := range op.Parameters {
			if p.Value != nil {
				l.parameterExamples(name+" parameter "+p.Value.Name, p.Value)
			}
		}
	})
	if l.doc.Paths != nil {
		for path, item := range l.doc.Paths.Map() {
			for _, p := range item.Parameters {
				if p.Value != nil {
					l.parameterExamples(path+" parameter "+p.Value.Name, p.Value)
				}
			}
		}
	}
	if l.doc.Components == nil {
		return
	}
	for _, name := range sortedNames(l.doc.Components.Schemas) {
		l.schemaExamples("components.schemas."+name, l.doc.Components.Schemas[name])
	}
	for _, name := range sortedNames(l.doc.Components.Parameters) {
		if p := l.doc.Components.Parameters[name]; p.Value != nil {
			l.parameterExamples("components.parameters."+name, p.Value)
		}
	}
}

// sortedNames returns the keys of m, sorted: specs print in a stable order.
func sortedNames[M ~map[string]V, V any](m M) []string {
	return slices.Sorted(maps.Keys(m))
}

// refName turns "#/components/responses/BadRequest" into
// "components.responses.BadRequest".
func refName(ref string) string {
	return strings.ReplaceAll(strings.TrimPrefix(ref, "#/"), "/", ".")
}

func (l *linter) contentExamples(where string, content openapi3.Content, dir api.Direction) {
	for _, mtName := range sortedNames(content) {
		mt := content[mtName]
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || l.seen[mt] {
			continue
		}
		l.seen[mt] = true
		if mt.Example != nil {
			l.check(where+" example", mt.Origin, mt.Schema.Value, dir, mt.Example)
		}
		for _, exName := range sortedNames(mt.Examples) {
			ex := mt.Examples[exName]
			if ex == nil || ex.Value == nil {
				continue
			}
			label := fmt.Sprintf("%s example %q", where, exName)
			if ex.Ref != "" {
				label += " (" + refName(ex.Ref) + ")"
			}
			origin := ex.Value.Origin
			if origin == nil {
				origin = mt.Origin
			}
			l.check(label, origin, mt.Schema.Value, dir, ex.Value.Value)
		}
	}
}

func (l *linter) parameterExamples(where string, p *openapi3.Parameter) {
	if p.Schema == nil || p.Schema.Value == nil || l.seen[p] {
		return
	}
	l.seen[p] = true
	if p.Example != nil {
		l.check(where+" example", p.Origin, p.Schema.Value, api.AnyDirection, p.Example)
	}
	for _, exName := range sortedNames(p.Examples) {
		if ex := p.Examples[exName]; ex != nil && ex.Value != nil {
			l.check(fmt.Sprintf("%s example %q", where, exName), p.Origin, p.Schema.Value, api.AnyDirection, ex.Value.Value)
		}
	}
	if p.Schema.Ref == "" {
		l.schemaExamples(where+" schema", p.Schema)
	}
}

// schemaExamples checks the example of the schema at ref and of its inline
// subschemas; referenced schemas are checked under their own names.
func (l *linter) schemaExamples(where string, ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || l.seen[ref.Value] {
		return
	}
	s := ref.Value
	l.seen[s] = true
	if s.Example != nil {
		l.check(where+" example", s.Origin, s, api.AnyDirection, s.Example)
	}
	inline := func(label string, r *openapi3.SchemaRef) {
		if r != nil && r.Ref == "" {
			l.schemaExamples(label, r)
		}
	}
	for _, name := range sortedNames(s.Properties) {
		inline(where+".properties."+name, s.Properties[name])
	}
	inline(where+".items", s.Items)
	inline(where+".additionalProperties", s.AdditionalProperties.Schema)
	inline(where+".not", s.Not)
	for kind, list := range map[string]openapi3.SchemaRefs{"oneOf": s.OneOf, "anyOf": s.AnyOf, "allOf": s.AllOf} {
		for i, r := range list {
			inline(where+"."+kind+"["+strconv.Itoa(i)+"]", r)
		}
	}
}

// check validates one example value and records its problems.
func (l *linter) check(where string, origin *openapi3.Origin, schema *openapi3.Schema, dir api.Direction, value any) {
	err := kinschema.ValidateValue(schema, kinschema.Direction(dir), value)
	if err == nil {
		return
	}
	var verr *api.ValidationError
	if !errors.As(err, &verr) {
		l.add("example", where, origin, "%s cannot be checked: %v", where, err)
		return
	}
	for _, p := range verr.Problems {
		at := p.Pointer
		if at == "" {
			at = "the value"
		}
		l.add("example", where, origin, "%s does not match its schema: at %s: %s (%s; found %s)", where, at, p.Message, p.Rule, p.Found)
	}
}
