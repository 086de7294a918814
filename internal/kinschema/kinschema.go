// Package kinschema lets drapi's command line check values against a schema
// of any kin-openapi document with package api's formats, rules and
// messages, without api exporting kin-openapi types to the services that
// import it. Package api sets the hooks when it is initialised; importing
// api is what makes them work.
package kinschema

import "github.com/getkin/kin-openapi/openapi3"

// Direction is api.Direction's value: 0 any, 1 request (readOnly), 2
// response (writeOnly).
type Direction int

// ValidateValue checks value, decoded from JSON (map[string]any, []any,
// string, float64, bool or nil), against schema, with the contract's
// formats and dir's readOnly or writeOnly rule. It returns nil or an
// *api.ValidationError whose problems have pointers but no line numbers.
// Package api sets it.
var ValidateValue func(schema *openapi3.Schema, dir Direction, value any) error
