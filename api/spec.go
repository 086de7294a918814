package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/drapi-go/drapi"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// contract is the loaded contract with everything validation precomputes.
type contract struct {
	doc     *openapi3.T
	router  *router
	ops     map[string]*route // by operationId
	opNames []string          // sorted operationIds, for error messages
	schemas []string          // sorted component schema names, for error messages
	req     *requestRules     // the closed, request-direction copies of the schemas

	reqOpts  []openapi3.SchemaValidationOption // body validation of requests
	respOpts []openapi3.SchemaValidationOption // body validation of responses
	anyOpts  []openapi3.SchemaValidationOption // neither readOnly nor writeOnly
	// filterOpts validate parameters with openapi3filter: never set
	// defaults (that would rewrite the request), collect every error.
	filterOpts *openapi3filter.Options
}

// formatOpt passes the contract's string formats to kin-openapi with each
// validation, instead of registering them in its global state.
var formatOpt = openapi3.WithStringFormatValidators(stringFormats())

// schemaOpts are the options of every schema validation, by Direction: all
// problems, the contract's formats, kin's short messages, and readOnly for
// requests or writeOnly for responses.
var schemaOpts = map[Direction][]openapi3.SchemaValidationOption{
	AnyDirection: {openapi3.MultiErrors(), formatOpt, openapi3.DisableSchemaErrorDetails()},
	InRequest:    {openapi3.MultiErrors(), formatOpt, openapi3.DisableSchemaErrorDetails(), openapi3.VisitAsRequest()},
	InResponse:   {openapi3.MultiErrors(), formatOpt, openapi3.DisableSchemaErrorDetails(), openapi3.VisitAsResponse()},
}

var (
	loadOnce   sync.Once
	loaded     *contract
	loadFailed error
)

// mustContract returns the loaded contract. The embedded contract is part of
// the module and tested, so failing to load it is a programming error.
func mustContract() *contract {
	loadOnce.Do(func() { loaded, loadFailed = loadContract(context.Background(), drapi.OpenAPI()) })
	if loadFailed != nil {
		panic("api: the embedded openapi.yaml does not load: " + loadFailed.Error())
	}
	return loaded
}

// loadSpec parses an OpenAPI document and validates it with kin-openapi. It
// leaves examples unchecked: kin would check them without the contract's
// formats; drapi lint checks them with.
func loadSpec(ctx context.Context, data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("api: parse the spec: %w", err)
	}
	if err := doc.Validate(ctx, openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("api: invalid spec: %w", err)
	}
	return doc, nil
}

func loadContract(ctx context.Context, data []byte) (*contract, error) {
	doc, err := loadSpec(ctx, data)
	if err != nil {
		return nil, err
	}
	c := &contract{doc: doc, reqOpts: schemaOpts[InRequest], respOpts: schemaOpts[InResponse], anyOpts: schemaOpts[AnyDirection]}
	if !anySchema(doc, func(s *openapi3.Schema) bool { return s.WriteOnly }) {
		// Holding a response to writeOnly makes kin sort every object's
		// properties; with no writeOnly property anywhere it checks nothing.
		c.respOpts = c.anyOpts
	}
	c.filterOpts = &openapi3filter.Options{
		SkipSettingDefaults:     true,
		MultiError:              true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{formatOpt, openapi3.DisableSchemaErrorDetails()},
	}
	if c.req, err = newRequestRules(doc); err != nil {
		return nil, err
	}
	if c.router, err = newRouter(doc); err != nil {
		return nil, err
	}
	c.ops = make(map[string]*route)
	for _, rt := range c.router.routes {
		c.ops[rt.opID] = rt
		c.opNames = append(c.opNames, rt.opID)
	}
	sort.Strings(c.opNames)
	if doc.Components != nil {
		for name := range doc.Components.Schemas {
			c.schemas = append(c.schemas, name)
		}
	}
	sort.Strings(c.schemas)
	return c, nil
}

// Example returns the contract's example of that name (components/examples
// in openapi.yaml: "Customer", "Order", "OrderRequest", ...) as JSON. The
// examples are the API reference's own, so fakes and tests can seed from
// them instead of keeping copies.
func Example(name string) ([]byte, error) {
	doc := mustContract().doc
	if doc.Components != nil {
		if ex := doc.Components.Examples[name]; ex != nil && ex.Value != nil {
			return json.Marshal(ex.Value.Value)
		}
	}
	return nil, fmt.Errorf("api: the contract has no example %q", name)
}
