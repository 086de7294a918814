package drapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
)

// checkQuery refuses a query net/url cannot parse whole (such as one of
// more than 10,000 parameters): r.URL.Query drops it all without a word,
// which would turn a filtered list into an unfiltered one.
func checkQuery(r *http.Request) *apiError {
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		return badParameter("query", "The query does not parse: %v.", err)
	}
	return nil
}

// checkBodyShape refuses a body that is not a JSON object (null, an array,
// a number, a string, true or false): decoded into a request struct it
// would be an empty request, creating an empty object.
func checkBodyShape(body []byte) *apiError {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	// What does not start as JSON at all is left to validation, which
	// says where it breaks.
	if len(trimmed) == 0 || !bytes.ContainsAny(trimmed[:1], `n"tf[-0123456789`) {
		return nil
	}
	return badParameter("body", "The body must be a JSON object, not %s.", jsonKind(trimmed[0]))
}

// jsonKind names the kind of JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case 'n':
		return "null"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case '[':
		return "an array"
	}
	return "a number"
}

// checkKeys refuses, without full validation, a body the handlers' decoder
// would read otherwise than it was sent: one with more after its JSON value
// (the decoder stops at the value's end), and one with a key that differs
// from a declared property only by case or that repeats one of its object
// ("Email" stored as email).
func checkKeys(r *http.Request, op gen.OperationID) *apiError {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil // admit read it already: it cannot fail
	}
	if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		return badParameter("body", "The body is not valid JSON.")
	}
	var ve *api.ValidationError
	if err := api.CheckKeys(op, body); errors.As(err, &ve) {
		return problemsError(ve.Problems)
	}
	return nil
}
