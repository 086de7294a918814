package drapitest

import (
	"bytes"
	"net/http"
	"net/url"
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
