package api

import (
	"context"
	"testing"
)

// composeSpec has the shapes a contract builds from parts: allOf, and a
// oneOf beside properties of its own.
const composeSpec = `
openapi: 3.0.3
info: {title: compose, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties: {a: {type: string}}
    Both:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            b: {type: string}
            inner: {type: object, properties: {c: {type: string}}}
    Tagged:
      type: object
      properties: {kind: {type: string}}
      oneOf:
        - type: object
          properties: {x: {type: string}}
          required: [x]
        - type: object
          properties: {y: {type: integer}}
          required: [y]
`

// TestClosedCompositions checks that closing request schemas refuses
// unknown fields without refusing the fields of a schema's other parts:
// each allOf part was closed on its own, so {"a", "b"} broke both parts,
// and a oneOf beside properties refused the alternatives' fields.
func TestClosedCompositions(t *testing.T) {
	doc, err := loadSpec(context.Background(), []byte(composeSpec))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := newRequestRules(doc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		schema, data string
		valid        bool
	}{
		{"Base", `{"a": "1"}`, true},
		{"Base", `{"a": "1", "zz": 1}`, false}, // Base alone stays closed
		{"Both", `{"a": "1", "b": "2"}`, true},
		{"Both", `{"a": "1", "inner": {"c": "3"}}`, true},
		{"Both", `{"a": "1", "inner": {"zz": 1}}`, false}, // below the parts, closed
		{"Tagged", `{"kind": "k", "x": "s"}`, true},
		{"Tagged", `{"kind": "k", "y": 2}`, true},
	}
	for _, tt := range tests {
		s := rules.forRequest(doc.Components.Schemas[tt.schema].Value)
		v, err := decodeJSON([]byte(tt.data))
		if err != nil {
			t.Fatal(err)
		}
		err = s.VisitJSON(v, schemaOpts[InRequest]...)
		if (err == nil) != tt.valid {
			t.Errorf("%s %s: got %v, want valid %v", tt.schema, tt.data, err, tt.valid)
		}
	}
}
