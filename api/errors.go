package api

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ErrNoRoute reports a request whose path is not in the contract.
var ErrNoRoute = errors.New("api: no operation of the contract has this path")

// ErrMethodNotAllowed reports a request whose path is in the contract, but
// not with the request's method.
var ErrMethodNotAllowed = errors.New("api: the contract does not allow this method on this path")

// ErrUnknownSchema reports a component schema name the contract does not
// have; the error's message lists the names it has.
var ErrUnknownSchema = errors.New("api: unknown schema")

// ErrUnknownOperation reports an operationId the contract does not have; the
// error's message lists the operations it has.
var ErrUnknownOperation = errors.New("api: unknown operation")

// ValidationError lists every way a payload, request or response breaks the
// contract. Match it with errors.As.
type ValidationError struct {
	Problems []Problem
	// Omitted counts the problems left out of Problems because a payload
	// had more than MaxProblems (see there); the last problem (rule
	// "maxProblems") then says so too.
	Omitted int
}

// MaxProblems bounds the problems listed for one payload (a body, or a
// request or response with its parameters and headers); the rest are
// counted, not listed, so that a payload of 100,000 errors costs little to
// report and to read. Repeated keys and out-of-range numbers stop being
// listed sooner when their pointers pass 1 MB in all.
const MaxProblems = 1000

// ruleMaxProblems is the rule of the problem that says how many problems
// were left out.
const ruleMaxProblems = "maxProblems"

// capProblems keeps the first MaxProblems of ps and, when there were more,
// appends a problem saying how many were left out, counting those the
// "maxProblems" problems already in ps (the decoder's) left out too. The
// last problem is a warning when all those kept are.
func capProblems(ps []Problem) []Problem {
	left := 0
	if slices.ContainsFunc(ps, isOmitted) {
		ps = slices.DeleteFunc(ps, func(p Problem) bool {
			if !isOmitted(p) {
				return false
			}
			n, _ := strconv.Atoi(p.Found)
			left += n
			return true
		})
	}
	if len(ps) > MaxProblems {
		left += len(ps) - MaxProblems
		ps = ps[:MaxProblems:MaxProblems]
	}
	if left == 0 {
		return ps
	}
	p := omittedProblem(left)
	p.Warning = len(ps) > 0 && !slices.ContainsFunc(ps, func(p Problem) bool { return !p.Warning })
	return append(ps, p)
}

func isOmitted(p Problem) bool { return p.Rule == ruleMaxProblems }

// omittedProblem says that n problems were left out.
func omittedProblem(n int) Problem {
	return Problem{In: "body", Rule: ruleMaxProblems, Found: strconv.Itoa(n),
		Message: fmt.Sprintf("%d more problems left out: at most %d are listed per payload", n, MaxProblems)}
}

// Error summarises the problems: the first few, and how many there are.
func (e *ValidationError) Error() string {
	const shown = 3
	var b strings.Builder
	n := len(e.Problems)
	if e.Omitted > 0 {
		n += e.Omitted - 1 // the problem that counts them is none
	}
	switch n {
	case 0:
		return "api: breaks the contract"
	case 1:
		b.WriteString("api: 1 problem: ")
	default:
		fmt.Fprintf(&b, "api: %d problems: ", n)
	}
	for i, p := range e.Problems {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", n-shown)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Problem is one way a payload, request or response breaks the contract.
type Problem struct {
	// In says where the problem is: "body", "query", "path", "header" or
	// "status".
	In string `json:"in"`
	// Pointer is the JSON pointer (RFC 6901) to the offending value in the
	// body, such as "/items/0/quantity"; "" for the whole body and for
	// parameters.
	Pointer string `json:"pointer"`
	// Parameter names the offending parameter or header for "query", "path"
	// and "header" problems, such as "limit".
	Parameter string `json:"parameter,omitempty"`
	// Rule is the rule broken: "required", "type", "enum", "minimum",
	// "maximum", "format", "pattern", "readOnly", "writeOnly", "oneOf",
	// "nullable", "additionalProperties", "json", "contentType", "status",
	// "query" (a query string that does not parse whole);
	// "caseVariant" (a key differing from a declared property only by
	// case), "duplicateKey", "range" (a number too large for a double);
	// "maxProblems" (the last problem of a payload that had more than
	// MaxProblems), ...
	Rule string `json:"rule"`
	// Found is a short rendering of what was found ("(missing)" when
	// nothing was); long values are cut.
	Found string `json:"found"`
	// Message says what is wrong, for people.
	Message string `json:"message"`
	// Line and Column locate the problem in the body (1-based) when known:
	// always for "json" problems, and for body problems validated from bytes.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Warning is true for a finding that does not break the contract, such
	// as an enum value the contract does not list yet in a response (see
	// WithEnumWarnings). Warnings never appear in a ValidationError.
	Warning bool `json:"warning,omitempty"`
}

// String renders the problem on one line: where, then what.
func (p Problem) String() string {
	where := p.In
	switch {
	case p.Parameter != "" && p.In == "header":
		where = "header " + p.Parameter
	case p.Parameter != "":
		where = p.In + " parameter " + p.Parameter
	case p.Pointer != "":
		where = p.In + " " + p.Pointer
	}
	return where + ": " + p.Message
}

// foundMissing is Problem.Found when nothing was found.
const foundMissing = "(missing)"

// maxFound bounds Problem.Found.
const maxFound = 60

// render returns a short rendering of a decoded JSON value.
func render(v any) string {
	var s string
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if len(v) > maxFound {
			v = cut(v, maxFound-3) + "..."
		}
		return strconv.Quote(v)
	case float64:
		s = strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		s = strconv.FormatBool(v)
	case map[string]any:
		s = fmt.Sprintf("an object of %d properties", len(v))
		if len(v) == 1 {
			s = "an object of 1 property"
		}
	case []any:
		s = fmt.Sprintf("an array of %d items", len(v))
		if len(v) == 1 {
			s = "an array of 1 item"
		}
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > maxFound {
		s = cut(s, maxFound-3) + "..."
	}
	return s
}

// cut shortens s to at most n bytes without splitting a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// pointer renders a path of keys and indexes as a JSON pointer.
func pointer(path []string) string {
	if len(path) == 0 {
		return ""
	}
	var b strings.Builder
	for _, k := range path {
		b.WriteByte('/')
		if strings.ContainsAny(k, "~/") {
			k = strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
		}
		b.WriteString(k)
	}
	return b.String()
}

// schemaProblems converts the error of a kin-openapi schema validation into
// problems in the body, or in the parameter called parameter of in.
func schemaProblems(in, parameter string, err error) []Problem {
	var out []Problem
	var walk func(error)
	walk = func(err error) {
		// MultiError first: its As method would find its first SchemaError
		// and drop the others. Only a MultiError err is itself: one inside
		// a SchemaError is the failures of a oneOf's alternatives, which
		// the oneOf's one problem sums up.
		if me, ok := err.(openapi3.MultiError); ok {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			out = append(out, problemOf(in, parameter, se))
			return
		}
		out = append(out, Problem{In: in, Parameter: parameter, Rule: "schema", Message: err.Error()})
	}
	walk(err)
	return out
}

// problemOf converts one kin-openapi schema error.
func problemOf(in, parameter string, se *openapi3.SchemaError) Problem {
	p := Problem{In: in, Parameter: parameter, Rule: se.SchemaField, Found: render(se.Value)}
	path := se.JSONPointer()
	if in == "body" {
		p.Pointer = pointer(path)
	}
	reason := se.Reason
	switch se.SchemaField {
	case "required":
		p.Found = foundMissing
		if len(path) > 0 {
			reason = fmt.Sprintf("%q is required", path[len(path)-1])
		}
	case "readOnly", "writeOnly":
		name := ""
		if len(path) > 0 {
			name = path[len(path)-1]
		}
		reason = fmt.Sprintf("%q is readOnly: the server sets it, a request must not send it", name)
		if se.SchemaField == "writeOnly" {
			reason = fmt.Sprintf("%q is writeOnly: a response must not carry it", name)
		}
	case "properties":
		// kin reports an unknown property at the object that holds it:
		// point at the property instead.
		p.Rule = "additionalProperties"
		var name string
		if _, err := fmt.Sscanf(se.Reason, "property %q is unsupported", &name); err == nil {
			if in == "body" {
				p.Pointer = pointer(append(path, name))
			}
			if obj, ok := se.Value.(map[string]any); ok {
				p.Found = render(obj[name])
			}
			reason = fmt.Sprintf("%q is not a property of this object, which allows no others", name)
		}
	case "oneOf":
		reason = oneOfReason(se)
	case "nullable":
		reason = nullReason(se, len(path) == 0)
	case "format":
		reason = formatReason(se)
	case "pattern":
		if se.Schema != nil {
			reason = "must match the pattern " + se.Schema.Pattern
		}
	case "enum":
		if se.Schema != nil {
			reason = "must be one of: " + enumList(se.Schema.Enum)
			// kin checks the enum first and stops there: a value of
			// the wrong type is a type problem, not a new enum value
			// (which WithEnumWarnings would let pass).
			if types := se.Schema.Type.Slice(); len(types) > 0 && se.Value != nil && !isType(se.Value, types) {
				p.Rule = "type"
				reason = "must be " + article(types[0]) + ", one of: " + enumList(se.Schema.Enum)
			}
		}
	default:
		// "value must be a string", "number must be at most 100"
		for _, prefix := range []string{"value ", "number ", "string "} {
			if rest, ok := strings.CutPrefix(reason, prefix); ok && strings.HasPrefix(rest, "must ") {
				reason = rest
				break
			}
		}
	}
	if reason == "" {
		reason = "does not match the schema's " + strconv.Quote(se.SchemaField)
	}
	p.Message = reason
	return p
}

// oneOfReason names the alternatives a value matched none (or several) of.
func oneOfReason(se *openapi3.SchemaError) string {
	if se.Schema == nil || strings.Contains(se.Reason, "more than one") {
		return se.Reason
	}
	var alts []string
	for _, s := range se.Schema.OneOf {
		switch {
		case s.Ref != "":
			alts = append(alts, s.Ref[strings.LastIndexByte(s.Ref, '/')+1:])
		case s.Value != nil && s.Value.Type != nil && len(*s.Value.Type) > 0:
			alts = append(alts, strings.Join(*s.Value.Type, " or "))
		default:
			alts = append(alts, "a schema")
		}
	}
	return "must be exactly one of: " + strings.Join(alts, ", ")
}

// nullReason says in plain words that a value may not be null, and what it
// should be instead.
func nullReason(se *openapi3.SchemaError, whole bool) string {
	if se.Schema == nil || se.Schema.Type == nil || len(*se.Schema.Type) == 0 {
		return "is null, which the contract does not allow here"
	}
	var kinds []string
	for _, t := range *se.Schema.Type {
		kinds = append(kinds, article(t))
	}
	want := strings.Join(kinds, " or ")
	if whole {
		return "is null: the body must be " + want
	}
	return "is null: send " + want + ", or leave the property out"
}

// isType reports whether the decoded JSON value v is of one of the JSON
// schema types.
func isType(v any, types []string) bool {
	for _, t := range types {
		switch v := v.(type) {
		case string:
			if t == "string" {
				return true
			}
		case float64:
			if t == "number" || t == "integer" && v == math.Trunc(v) {
				return true
			}
		case bool:
			if t == "boolean" {
				return true
			}
		case map[string]any:
			if t == "object" {
				return true
			}
		case []any:
			if t == "array" {
				return true
			}
		}
	}
	return false
}

// article names a JSON schema type with its article: "an object".
func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	}
	return "a " + t
}

// formatNames describes the formats the contract uses, for messages.
var formatNames = map[string]string{
	"email":     "an e-mail address (name@example.com)",
	"uuid":      "a UUID (8-4-4-4-12 hexadecimal digits)",
	"date-time": "an RFC 3339 date-time (2018-04-25T20:36:00Z)",
	"date":      "an RFC 3339 date (2018-04-25)",
}

// formatReason says which format a value missed, without kin's repetition.
func formatReason(se *openapi3.SchemaError) string {
	if se.Schema == nil || se.Schema.Format == "" {
		return se.Reason
	}
	if name, ok := formatNames[se.Schema.Format]; ok {
		return "must be " + name
	}
	return "must have the format " + strconv.Quote(se.Schema.Format)
}

// enumList renders the allowed values of an enum, all of them.
func enumList(values []any) string {
	var parts []string
	for _, v := range values {
		if s, ok := v.(string); ok {
			parts = append(parts, s)
		} else {
			parts = append(parts, render(v))
		}
	}
	return strings.Join(parts, ", ")
}
