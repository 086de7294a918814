package api

import (
	"context"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"sync"
	"time"

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

	reqOpts  []openapi3.SchemaValidationOption // body validation of requests
	respOpts []openapi3.SchemaValidationOption // body validation of responses
	anyOpts  []openapi3.SchemaValidationOption // neither readOnly nor writeOnly
	// filterOpts validate parameters with openapi3filter: never set
	// defaults (that would rewrite the request), collect every error.
	filterOpts *openapi3filter.Options
}

var (
	loadOnce   sync.Once
	loaded     *contract
	loadFailed error
)

// Spec returns the contract, parsed once from drapi.OpenAPI and validated.
// It is safe for concurrent use; treat it as read-only.
func Spec() *openapi3.T { return mustContract().doc }

// mustContract returns the loaded contract. The embedded contract is part of
// the module and tested, so failing to load it is a programming error.
func mustContract() *contract {
	loadOnce.Do(func() { loaded, loadFailed = loadContract(context.Background(), drapi.OpenAPI) })
	if loadFailed != nil {
		panic("api: the embedded openapi.yaml does not load: " + loadFailed.Error())
	}
	return loaded
}

// LoadSpec parses and validates an OpenAPI document the way Spec loads the
// embedded contract, with the string formats the contract uses checked.
func LoadSpec(ctx context.Context, data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("api: parse the spec: %w", err)
	}
	// Examples are validated by Lint, with the contract's formats; kin's own
	// example validation uses only its global formats.
	if err := doc.Validate(ctx, openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("api: invalid spec: %w", err)
	}
	return doc, nil
}

func loadContract(ctx context.Context, data []byte) (*contract, error) {
	doc, err := LoadSpec(ctx, data)
	if err != nil {
		return nil, err
	}
	c := &contract{doc: doc}
	formats := openapi3.WithStringFormatValidators(StringFormats())
	c.reqOpts = []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.VisitAsRequest(), formats, openapi3.DisableSchemaErrorDetails()}
	c.respOpts = []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.VisitAsResponse(), formats, openapi3.DisableSchemaErrorDetails()}
	c.anyOpts = []openapi3.SchemaValidationOption{openapi3.MultiErrors(), formats, openapi3.DisableSchemaErrorDetails()}
	if !anySchema(doc, func(s *openapi3.Schema) bool { return s.WriteOnly }) {
		// Holding a response to writeOnly makes kin sort every object's
		// properties; with no writeOnly property anywhere it checks nothing.
		c.respOpts = c.anyOpts
	}
	c.filterOpts = &openapi3filter.Options{
		SkipSettingDefaults:     true,
		MultiError:              true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{formats, openapi3.DisableSchemaErrorDetails()},
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

// StringFormats returns the validators of the string formats the contract
// uses (email, uuid, date-time, date), for kin-openapi's
// openapi3.WithStringFormatValidators. Package api passes them with every
// validation and never registers them globally.
func StringFormats() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"email":     openapi3.NewCallbackValidator(checkEmail),
		"uuid":      openapi3.NewCallbackValidator(checkUUID),
		"date-time": openapi3.NewCallbackValidator(checkDateTime),
		"date":      openapi3.NewCallbackValidator(checkDate),
	}
}

// checkEmail accepts a bare address (local@domain), not a display name form.
func checkEmail(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return fmt.Errorf("not an e-mail address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return fmt.Errorf("not an e-mail address")
	}
	if !strings.Contains(s[at+1:], ".") && s[at+1:] != "localhost" {
		return fmt.Errorf("not an e-mail address: the domain has no dot")
	}
	return nil
}

// checkUUID accepts the 8-4-4-4-12 hexadecimal form, in either case.
func checkUUID(s string) error {
	if len(s) != 36 {
		return fmt.Errorf("not a UUID: want 36 characters")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return fmt.Errorf("not a UUID: want '-' at %d", i)
			}
		default:
			if !isHex(c) {
				return fmt.Errorf("not a UUID: %q is not hexadecimal", c)
			}
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// checkDateTime accepts RFC 3339 date-times (2018-04-25T20:36:00Z,
// 2020-05-21T00:00:00-05:00, fractional seconds allowed).
func checkDateTime(s string) error {
	// The fixed shape first: time.Parse alone would also take a few forms
	// RFC 3339 does not, and RFC 3339 allows a lower-case t and z, which
	// time.Parse does not.
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return fmt.Errorf("not an RFC 3339 date-time")
	}
	if strings.ContainsAny(s, "tz") {
		s = strings.ToUpper(s)
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return fmt.Errorf("not an RFC 3339 date-time")
	}
	return nil
}

// checkDate accepts RFC 3339 full dates (2018-04-25).
func checkDate(s string) error {
	if len(s) != 10 {
		return fmt.Errorf("not an RFC 3339 date")
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("not an RFC 3339 date")
	}
	return nil
}

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

func sortStrings(s []string) { sort.Strings(s) }
