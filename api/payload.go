package api

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/drapi-go/drapi/gen"
	"github.com/drapi-go/drapi/internal/kinschema"
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
// With InRequest the payload is held as a request: a property the schema
// does not declare is a problem (rule "additionalProperties").
func ValidateSchema(name string, dir Direction, data []byte) error {
	c := mustContract()
	ref := c.schemaRef(name)
	if ref == nil {
		return fmt.Errorf("%w %q; the contract's schemas are: %s", ErrUnknownSchema, name, strings.Join(c.schemas, ", "))
	}
	schema := ref.Value
	if dir == InRequest {
		schema = c.req.forRequest(schema)
	}
	return problemsError(c.validateBody(schema, c.optsFor(dir), data))
}

// ValidateRequestBody checks the JSON payload data against the request body
// of operation op (gen.OpCreateOrder, ...), held to readOnly and closed: a
// field the request schema does not declare is a problem. Results are as for
// ValidateSchema; an unknown op gives an error wrapping ErrUnknownOperation
// that lists them. Where the operation takes no body, empty data is valid
// and anything else a problem.
func ValidateRequestBody(op gen.OperationID, data []byte) error {
	c := mustContract()
	rt, err := c.operation(op)
	if err != nil {
		return err
	}
	schema, err := rt.requestSchema()
	if err != nil {
		return err
	}
	return c.validateOperationBody(rt, c.req.forRequest(schema), InRequest, 0, data, nil)
}

// ValidateResponseBody checks the JSON payload data against the response
// of operation op with the given status (0: the operation's success status,
// such as 201 for createOrder), held to writeOnly and open to fields the
// contract does not declare. Results are as for ValidateRequestBody; a
// status the operation never answers gives an error listing those it does.
// Options: WithEnumWarnings.
func ValidateResponseBody(op gen.OperationID, status int, data []byte, opts ...ValidateOption) error {
	c := mustContract()
	rt, err := c.operation(op)
	if err != nil {
		return err
	}
	if status == 0 {
		status = rt.success
	}
	resp := rt.response(status)
	if resp == nil {
		return fmt.Errorf("api: %s has no response with status %d; it answers %s", rt.opID, status, strings.Join(rt.statuses(), ", "))
	}
	schema, err := responseSchema(rt, status, resp)
	if err != nil {
		return err
	}
	cfg := newValidateConfig(opts)
	return c.validateOperationBody(rt, schema, InResponse, status, data, &cfg)
}

// operation returns the route of op, or an error listing the operations.
func (c *contract) operation(op gen.OperationID) (*route, error) {
	rt, ok := c.ops[string(op)]
	if !ok {
		return nil, fmt.Errorf("%w %q; the contract's operations are: %s", ErrUnknownOperation, op, strings.Join(c.opNames, ", "))
	}
	return rt, nil
}

// validateOperationBody checks data against schema, the body of rt in dir
// (nil: rt has none there); cfg sifts a response's problems.
func (c *contract) validateOperationBody(rt *route, schema *openapi3.Schema, dir Direction, status int, data []byte, cfg *validateConfig) error {
	switch {
	case schema == nil && isBlank(data):
		return nil
	case schema == nil:
		return &ValidationError{Problems: []Problem{unexpectedBody(rt, dir, status, data)}}
	}
	ps := c.validateBody(schema, c.optsFor(dir), data)
	if cfg != nil {
		ps = cfg.sift(ps)
	}
	return problemsError(ps)
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
	ps := c.req.problems(schema, v) // the rules kin cannot check, for requests
	if err := schema.VisitJSON(v, opts...); err != nil {
		ps = append(schemaProblems("body", "", err), ps...)
	}
	if cps := caseProblems(schema, v); len(cps) > 0 {
		ps = append(dropUnknownAt(ps, cps), cps...)
	}
	if len(notes) > 0 {
		ps = withNotes(data, ps, notes)
	}
	if len(ps) == 0 {
		return nil
	}
	locateAll(data, ps)
	sortProblems(ps)
	return ps // capped by problemsError, after responses' enum warnings are sifted out
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

// dropUnknownAt drops from ps the "not a property" problems (a closed
// request's) at the pointers of the case problems cps, which say more about
// the same key.
func dropUnknownAt(ps, cps []Problem) []Problem {
	at := make(map[string]bool, len(cps))
	for _, p := range cps {
		at[p.Pointer] = true
	}
	return slices.DeleteFunc(ps, func(p Problem) bool { return p.Rule == "additionalProperties" && at[p.Pointer] })
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

// problemsError returns nil for no problems, else a *ValidationError
// listing at most MaxProblems of them and counting the rest.
func problemsError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	e := &ValidationError{Problems: capProblems(ps)}
	for _, p := range e.Problems {
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

func init() { kinschema.ValidateValue = validateValue }

// validateValue is kinschema.ValidateValue: drapi lint checks the examples
// of any spec with it.
func validateValue(schema *openapi3.Schema, dir kinschema.Direction, value any) error {
	if schema == nil {
		return fmt.Errorf("api: ValidateValue needs a schema")
	}
	if err := schema.VisitJSON(value, schemaOpts[Direction(dir)]...); err != nil {
		return problemsError(schemaProblems("body", "", err))
	}
	return nil
}
