package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Direction says which way a payload travels, which decides whether its
// readOnly or writeOnly properties break the contract.
type Direction int

const (
	// AnyDirection checks neither readOnly nor writeOnly: for a payload that
	// is neither a request nor a response, such as a message or a fixture of
	// a component schema.
	AnyDirection Direction = iota
	// InRequest holds the payload to readOnly: a request must not send the
	// properties the server sets.
	InRequest
	// InResponse holds the payload to writeOnly: a response must not carry
	// the properties only requests may send.
	InResponse
)

// String returns "any", "request" or "response".
func (d Direction) String() string {
	switch d {
	case InRequest:
		return "request"
	case InResponse:
		return "response"
	}
	return "any"
}

// ValidateSchema checks the JSON payload data against the component schema
// called name ("Order", "CustomerRequest", ...). It returns nil when data is
// valid, a *ValidationError listing every problem when it is not (invalid
// JSON included, with line and column), and an error wrapping
// ErrUnknownSchema, listing the schemas there are, for an unknown name.
func ValidateSchema(ctx context.Context, name string, dir Direction, data []byte) error {
	c := mustContract()
	ref := c.schemaRef(name)
	if ref == nil {
		return fmt.Errorf("%w %q; the contract's schemas are: %s", ErrUnknownSchema, name, strings.Join(c.schemas, ", "))
	}
	return problemsError(c.validateBody(ref.Value, c.optsFor(dir), data))
}

// ValidateOperation checks the JSON payload data against an operation's
// request body (dir InRequest) or its response with the given status (dir
// InResponse; status 0 means the operation's success status, such as 201
// for createOrder). Results are as for ValidateSchema; an unknown
// operationId gives an error wrapping ErrUnknownOperation that lists them,
// and a status the operation never answers an error listing those it does.
// Where the operation has no body, empty data is valid and anything else a
// problem.
func ValidateOperation(ctx context.Context, operationID string, dir Direction, status int, data []byte) error {
	c := mustContract()
	rt, ok := c.ops[operationID]
	if !ok {
		return fmt.Errorf("%w %q; the contract's operations are: %s", ErrUnknownOperation, operationID, strings.Join(c.opNames, ", "))
	}
	var schema *openapi3.Schema
	var err error
	switch dir {
	case InRequest:
		schema, err = rt.requestSchema()
	case InResponse:
		if status == 0 {
			status = rt.success
		}
		resp := rt.response(status)
		if resp == nil {
			return fmt.Errorf("api: %s has no response with status %d; it answers %s", rt.opID, status, strings.Join(rt.statuses(), ", "))
		}
		schema, err = responseSchema(rt, status, resp)
	default:
		return fmt.Errorf("api: ValidateOperation needs InRequest or InResponse, not %v", dir)
	}
	switch {
	case err != nil:
		return err
	case schema != nil:
		return problemsError(c.validateBody(schema, c.optsFor(dir), data))
	case isBlank(data):
		return nil
	}
	return &ValidationError{Problems: []Problem{unexpectedBody(rt, dir, status, data)}}
}

// unexpectedBody reports a body where rt has none: in its requests (dir
// InRequest) or in its responses with status.
func unexpectedBody(rt *route, dir Direction, status int, data []byte) Problem {
	msg := fmt.Sprintf("%s takes no request body", rt.opID)
	if dir == InResponse {
		msg = fmt.Sprintf("%s answers %s with no body", rt.opID, statusText(status))
	}
	return Problem{In: "body", Rule: "body", Found: describeBody(data), Message: msg}
}

// SchemaNames returns the names of the contract's component schemas, sorted.
func SchemaNames() []string { return append([]string(nil), mustContract().schemas...) }

// OperationIDs returns the contract's operationIds, sorted.
func OperationIDs() []string { return append([]string(nil), mustContract().opNames...) }

// SuccessStatus returns the status an operation answers when it succeeds
// (the lowest 2xx of its responses), and false for an unknown operation.
func SuccessStatus(operationID string) (int, bool) {
	rt, ok := mustContract().ops[operationID]
	if !ok {
		return 0, false
	}
	return rt.success, true
}

func (c *contract) schemaRef(name string) *openapi3.SchemaRef {
	if c.doc.Components == nil {
		return nil
	}
	ref := c.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return nil
	}
	return ref
}

func (c *contract) optsFor(dir Direction) []openapi3.SchemaValidationOption {
	switch dir {
	case InRequest:
		return c.reqOpts
	case InResponse:
		return c.respOpts
	}
	return c.anyOpts
}

// validateBody decodes data and checks it against schema: the schema's
// rules, keys that differ from a declared property only by case, keys
// repeated in an object, numbers out of range. Its cost is linear in the
// size of data plus the problems found.
func (c *contract) validateBody(schema *openapi3.Schema, opts []openapi3.SchemaValidationOption, data []byte) []Problem {
	v, notes, err := decodeBody(data, true)
	if err != nil {
		return []Problem{jsonProblem(data, err)}
	}
	var ps []Problem
	if err := schema.VisitJSON(v, opts...); err != nil {
		ps = schemaProblems("body", "", err)
	}
	ps = append(ps, caseProblems(schema, v)...)
	if len(notes) > 0 {
		ps = withNotes(data, ps, notes)
	}
	if len(ps) == 0 {
		return nil
	}
	locateAll(data, ps)
	sortProblems(ps)
	return capProblems(ps)
}

// sortProblems puts located problems in the order of the payload, as
// people read it.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

// withNotes adds the decoder's notes to ps, located, and drops the schema's
// problems with a number out of range: the note says what is wrong there.
func withNotes(data []byte, ps []Problem, notes []note) []Problem {
	at := make(map[int]position, len(notes))
	outOfRange := make(map[string]bool)
	for _, n := range notes {
		at[n.Offset] = position{}
		if n.Rule == "range" {
			outOfRange[n.Pointer] = true
		}
	}
	if len(outOfRange) > 0 {
		ps = slices.DeleteFunc(ps, func(p Problem) bool { return p.In == "body" && outOfRange[p.Pointer] })
	}
	positions(data, at)
	for _, n := range notes {
		p := n.Problem
		pos := at[n.Offset]
		p.Line, p.Column = pos.line, pos.col
		ps = append(ps, p)
	}
	return ps
}

// jsonProblem reports data that is not JSON.
func jsonProblem(data []byte, err error) Problem {
	p := Problem{In: "body", Rule: "json", Message: err.Error(), Found: describeBody(data)}
	var se *syntaxError
	if errors.As(err, &se) {
		p.Line, p.Column = se.Line, se.Column
		p.Found = snippet(data, int(se.Offset))
	}
	return p
}

// snippet shows the bytes around offset.
func snippet(data []byte, offset int) string {
	if len(data) == 0 {
		return "(empty)"
	}
	if offset >= len(data) {
		return "end of input"
	}
	end := min(offset+20, len(data))
	return strconv.Quote(cut(string(data[offset:end]), 20))
}

// describeBody is Problem.Found for a body judged as a whole.
func describeBody(data []byte) string {
	switch {
	case len(data) == 0:
		return "(empty)"
	case isBlank(data):
		return "(white space)"
	}
	return fmt.Sprintf("%d bytes", len(data))
}

func isBlank(data []byte) bool {
	return len(bytes.TrimSpace(data)) == 0
}

// problemsError returns nil for no problems, else a *ValidationError.
func problemsError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	e := &ValidationError{Problems: ps}
	for _, p := range ps {
		if p.Rule == ruleMaxProblems {
			n, _ := strconv.Atoi(p.Found)
			e.Omitted += n
		}
	}
	return e
}

// requestSchema returns the JSON schema of the operation's request body, or
// nil when it takes none.
func (r *route) requestSchema() (*openapi3.Schema, error) {
	if r.op.RequestBody == nil || r.op.RequestBody.Value == nil {
		return nil, nil
	}
	mt := jsonMedia(r.op.RequestBody.Value.Content)
	if mt == nil {
		return nil, fmt.Errorf("api: the request body of %s is not JSON", r.opID)
	}
	return mt.Schema.Value, nil
}

// response returns the contract's response of r for status, or the
// default response, or nil.
func (r *route) response(status int) *openapi3.Response {
	if r.op.Responses == nil {
		return nil
	}
	if ref := r.op.Responses.Status(status); ref != nil && ref.Value != nil {
		return ref.Value
	}
	if ref := r.op.Responses.Default(); ref != nil && ref.Value != nil {
		return ref.Value
	}
	return nil
}

// statuses lists the statuses r answers, sorted.
func (r *route) statuses() []string {
	return slices.Sorted(maps.Keys(r.op.Responses.Map()))
}

// responseSchema returns the JSON schema of resp, or nil when it has no
// content.
func responseSchema(r *route, status int, resp *openapi3.Response) (*openapi3.Schema, error) {
	if len(resp.Content) == 0 {
		return nil, nil
	}
	mt := jsonMedia(resp.Content)
	if mt == nil {
		return nil, fmt.Errorf("api: the %d response of %s is not JSON", status, r.opID)
	}
	return mt.Schema.Value, nil
}

// jsonMedia returns the application/json media type of content, or nil.
func jsonMedia(content openapi3.Content) *openapi3.MediaType {
	mt := content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	return mt
}

// ValidateValue checks value, decoded from JSON (map[string]any, []any,
// string, float64, bool or nil), against schema, a schema of any kin-openapi
// document, with the contract's formats and dir's readOnly or writeOnly
// rule. It returns nil or a *ValidationError whose problems have pointers
// but no line numbers. drapi lint uses it for the examples of a spec.
func ValidateValue(ctx context.Context, schema *openapi3.Schema, dir Direction, value any) error {
	if schema == nil {
		return fmt.Errorf("api: ValidateValue needs a schema")
	}
	if err := schema.VisitJSON(value, schemaOpts[dir]...); err != nil {
		return &ValidationError{Problems: schemaProblems("body", "", err)}
	}
	return nil
}
