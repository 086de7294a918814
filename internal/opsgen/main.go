// Command opsgen writes gen/operations.gen.go from openapi.yaml: the package
// doc of gen, an OperationID constant per operation, the table of each
// operation's method, path, success status and schemas, and the contract's
// SHA-256. Package client and drapitest take every operation's wire facts
// from that table instead of restating them. `go generate ./...` runs it
// before oapi-codegen: it validates the contract first and writes nothing
// when it refuses it, so a broken openapi.yaml leaves the generated code as
// it was.
//
// Usage: go run ./internal/opsgen SPEC OUT
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/format"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: opsgen SPEC OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "opsgen:", err)
		os.Exit(1)
	}
}

// operation is one row of the generated table.
type operation struct {
	ID, Const, Summary, Method, Path string
	Status                           int
	Request, Response                string
	PathParams                       []string
}

func run(specPath, out string) error {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	ops, err := operations(doc)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, map[string]any{
		"Ops": ops, "SHA256": hex.EncodeToString(sum[:]), "Version": doc.Info.Version,
	}); err != nil {
		return err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return fmt.Errorf("formatting the output: %w", err)
	}
	return os.WriteFile(out, src, 0o644)
}

// methods is the order of an operation's methods within a path: every
// method OpenAPI 3.0 has, so none is left out of the table.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, http.MethodTrace}

// identifier is what an operationId may be: it becomes part of a Go name.
var identifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// oneLine makes a summary fit the one comment line it goes on: its lines
// joined, without a final period (the comment adds one).
func oneLine(s string) string {
	return strings.TrimSuffix(strings.Join(strings.Fields(s), " "), ".")
}

// pathParam finds the {name} parameters of a path template.
var pathParam = regexp.MustCompile(`\{([^{}]+)\}`)

// operations lists the document's operations in path order, and within a
// path in the order of methods. The document has been validated, so
// operationIds are unique and every {name} of a path is a declared parameter.
func operations(doc *openapi3.T) ([]operation, error) {
	var ops []operation
	paths := doc.Paths.Map()
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := paths[path]
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			if op.OperationID == "" {
				return nil, fmt.Errorf("%s %s: no operationId; every operation needs one (it names the operation in gen, client and drapitest)", method, path)
			}
			if !identifier.MatchString(op.OperationID) {
				return nil, fmt.Errorf("%s %s: operationId %q is not letters and digits starting with a letter (it becomes the Go constant gen.Op...)", method, path, op.OperationID)
			}
			where := fmt.Sprintf("%s (%s %s)", op.OperationID, method, path)
			o := operation{ID: op.OperationID, Const: "Op" + exported(op.OperationID), Summary: oneLine(op.Summary),
				Method: method, Path: path}
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				o.PathParams = append(o.PathParams, m[1])
			}
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				o.Request = schemaName(rb.Value.Content)
			}
			codes := op.Responses.Map()
			for _, code := range slices.Sorted(maps.Keys(codes)) {
				n, err := strconv.Atoi(code)
				if err != nil || n < 200 || n > 299 {
					continue
				}
				if o.Status != 0 {
					return nil, fmt.Errorf("%s: more than one success response: %d and %d; the client and the fake need exactly one", where, o.Status, n)
				}
				o.Status = n
				if r := codes[code]; r.Value != nil {
					o.Response = schemaName(r.Value.Content)
				}
			}
			if o.Status == 0 {
				return nil, fmt.Errorf("%s: no success response; add one with a status from 200 to 299 (a range such as 2XX, or default, does not count)", where)
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

// schemaName is the component schema a JSON body refers to, or "".
func schemaName(c openapi3.Content) string {
	mt := c.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return ""
	}
	return strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
}

// exported turns an operationId such as attachCustomerSource into
// AttachCustomerSource.
func exported(id string) string { return strings.ToUpper(id[:1]) + id[1:] }

var tmpl = template.Must(template.New("ops").Parse(`// Code generated by internal/opsgen from openapi.yaml. DO NOT EDIT.

// Package gen holds the models of the Digital River API's customers, sources
// and orders, generated from openapi.yaml: the request and response types, the
// enums, the list parameters, and the table of operations.
//
// To call the API, use package client (github.com/drapi-go/drapi/client); it
// takes and returns these types. To fake the API in tests, use package
// drapitest. Never edit this package by hand: edit openapi.yaml and run
// make generate.
package gen

// OperationID names an operation of the contract, as its operationId in
// openapi.yaml does.
type OperationID string

// The operations of the contract, in path order.
const (
{{- range .Ops}}
	// {{.Const}} is {{.Method}} {{.Path}}{{if .Summary}}: {{.Summary}}{{end}}.
	{{.Const}} OperationID = {{printf "%q" .ID}}
{{- end}}
)

// Operation is what the contract says of an operation on the wire.
type Operation struct {
	// ID is the operation's operationId.
	ID OperationID
	// Method is the HTTP method, Path the path template, with a {name} for
	// each of PathParams.
	Method, Path string
	// PathParams names the parameters of Path, in the order they appear in it.
	PathParams []string
	// SuccessStatus is the one 2xx status the operation answers with.
	SuccessStatus int
	// RequestSchema and ResponseSchema name the component schemas of the
	// request body and of the success body; "" when there is none.
	RequestSchema, ResponseSchema string
}

var operations = [...]Operation{
{{- range .Ops}}
	{ID: {{.Const}}, Method: {{printf "%q" .Method}}, Path: {{printf "%q" .Path}}, {{if .PathParams}}PathParams: []string{ {{- range $i, $p := .PathParams}}{{if $i}}, {{end}}{{printf "%q" $p}}{{end -}} }, {{end}}SuccessStatus: {{.Status}}, RequestSchema: {{printf "%q" .Request}}, ResponseSchema: {{printf "%q" .Response}}},
{{- end}}
}

// Operations returns every operation of the contract, in path order; the
// slice is the caller's.
func Operations() []Operation {
	out := make([]Operation, len(operations))
	for i, op := range operations {
		op.PathParams = append([]string(nil), op.PathParams...)
		out[i] = op
	}
	return out
}

// OperationIDs returns the IDs of every operation of the contract, in path
// order.
func OperationIDs() []OperationID {
	out := make([]OperationID, len(operations))
	for i, op := range operations {
		out[i] = op.ID
	}
	return out
}

// Operation returns what the contract says of id, and false when the
// contract has no such operation.
func (id OperationID) Operation() (Operation, bool) {
	for _, op := range operations {
		if op.ID == id {
			op.PathParams = append([]string(nil), op.PathParams...)
			return op, true
		}
	}
	return Operation{}, false
}

// Valid reports whether the contract has an operation named id.
func (id OperationID) Valid() bool {
	_, ok := id.Operation()
	return ok
}

// ContractVersion is info.version of the openapi.yaml this package was
// generated from.
const ContractVersion = {{printf "%q" .Version}}

// ContractSHA256 is the SHA-256 of the openapi.yaml this package was
// generated from, so a contract edited without make generate is caught.
const ContractSHA256 = "{{.SHA256}}"
`))
