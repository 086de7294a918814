package drapitest

import (
	"errors"
	"net/http"
	"path"
	"strings"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// validateRequest checks r against the contract with package api and turns
// what is wrong into the API's 400 (or 404, 405) answer.
func validateRequest(r *http.Request) *apiError {
	err := api.ValidateRequest(r)
	if err == nil {
		return nil
	}
	var ve *api.ValidationError
	switch {
	case errors.As(err, &ve) && len(ve.Problems) > 0:
		return problemsError(ve.Problems)
	case errors.Is(err, api.ErrNoRoute):
		return newError(http.StatusNotFound, codeNotFound, "", "No operation of the API has the path %s.", r.URL.Path)
	case errors.Is(err, api.ErrMethodNotAllowed):
		return newError(http.StatusMethodNotAllowed, codeMethodNotAllowed, "", "%s is not allowed on %s.", r.Method, r.URL.Path)
	}
	return newError(http.StatusBadRequest, codeInvalidParameter, "body", "%v", err)
}

// problemsError converts the problems package api found into a 400 in the
// Errors shape, one entry each: code missing_parameter for a missing value
// and invalid_parameter otherwise, parameter naming the query, path or
// header parameter, or the body field as a dotted path ("items[0].skuId").
func problemsError(ps []api.Problem) *apiError {
	e := &apiError{status: http.StatusBadRequest, body: gen.Errors{Type: errorTypes[http.StatusBadRequest]}}
	seenValue := map[string]bool{} // metadata values already reported
	for _, p := range ps {
		code := codeInvalidParameter
		switch {
		case p.Rule == "required":
			code = codeMissingParameter
		case p.Rule == "additionalProperties":
			code = codeUnknownParameter
		}
		if c, ok := metadataCode(p); ok {
			if c == codeInvalidMetadataValue {
				// One entry per value, not one per type it could have had.
				if seenValue[p.Pointer] {
					continue
				}
				seenValue[p.Pointer] = true
				if p.Rule != "maxLength" {
					p.Message = "a metadata value is a string, a boolean or an integer"
				}
			}
			code = c
		}
		param := p.Parameter
		if param == "" && p.In == "body" {
			param = fieldPath(p.Pointer)
		}
		ge := gen.Error{Code: code, Message: p.Message}
		if param != "" {
			ge.Parameter = new(param)
		}
		e.body.Errors = append(e.body.Errors, ge)
	}
	return e
}

// fieldPath turns a JSON pointer into a dotted field path: /items/0/skuId
// is items[0].skuId, and the whole body ("") is "body".
func fieldPath(pointer string) string {
	if pointer == "" || pointer == "/" {
		return "body"
	}
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if isIndex(tok) && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// metadataCode returns the API's code for a problem with metadata: more
// than 20 keys, a key longer than 40 characters, a value too long or of the
// wrong type.
func metadataCode(p api.Problem) (string, bool) {
	if p.In != "body" {
		return "", false
	}
	parent, last := path.Split(p.Pointer)
	switch {
	case last == "metadata" && p.Rule == "maxProperties":
		return codeTooManyMetadataPairs, true
	case path.Base(strings.TrimSuffix(parent, "/")) != "metadata":
		return "", false
	case p.Rule == "maxKeyLength":
		return codeInvalidMetadataKey, true
	}
	return codeInvalidMetadataValue, true
}
