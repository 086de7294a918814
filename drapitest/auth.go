package drapitest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/drapi-go/drapi/gen"
)

// Keys the fake hands out when none is given with WithKey.
const (
	// DefaultKey is the secret key of a fake made without WithKey.
	DefaultKey = "sk_test_apitest0000000000000000000000"
	// DefaultPublicKey is the public key of a fake made without WithKey.
	DefaultPublicKey = "pk_test_apitest0000000000000000000000"
)

// keyKind returns "sk" or "pk" for a well-formed key, its mode ("test" or
// "live"), or ok false: a key is sk_ or pk_, test_ or live_, then letters,
// digits, '_' or '-'.
func keyKind(key string) (kind, mode string, ok bool) {
	kind, rest, ok1 := strings.Cut(key, "_")
	mode, tail, ok2 := strings.Cut(rest, "_")
	if !ok1 || !ok2 || (kind != "sk" && kind != "pk") || (mode != "test" && mode != "live") || tail == "" {
		return "", "", false
	}
	for _, c := range tail {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return "", "", false
		}
	}
	return kind, mode, true
}

// authorize checks the request's bearer key for operation op: 401 when it
// is missing, malformed, a live key, or (with WithKey) not the fake's; 403
// when a public key calls anything but createSource.
func (f *Fake) authorize(r *http.Request, op gen.OperationID) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return newError(http.StatusUnauthorized, codeUnauthorized, "", "The request has no Authorization header; send 'Authorization: Bearer <secret key>'.")
	}
	scheme, key, _ := strings.Cut(h, " ")
	key = strings.TrimSpace(key)
	if !strings.EqualFold(scheme, "Bearer") || key == "" {
		return newError(http.StatusUnauthorized, codeUnauthorized, "", "The Authorization header must be 'Bearer <secret key>'.")
	}
	kind, mode, ok := keyKind(key)
	switch {
	case !ok:
		return newError(http.StatusUnauthorized, codeUnauthorized, "", "The bearer key is not a Digital River key (sk_test_..., pk_test_...).")
	case mode == "live":
		return newError(http.StatusUnauthorized, codeUnauthorized, "", "The fake accepts test keys only; do not send it a live key.")
	case f.cfg.strictKey && key != f.cfg.key && key != f.cfg.publicKey:
		return newError(http.StatusUnauthorized, codeUnauthorized, "", "Unknown key; this fake accepts only its own keys.")
	case kind == "pk" && op != gen.OpCreateSource:
		return newError(http.StatusForbidden, codeForbidden, "", "A public key can only create sources; use a secret key.")
	}
	return nil
}

// acceptsJSON reports whether an Accept header allows a JSON answer.
func acceptsJSON(accept string) bool {
	if accept == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		params := strings.Split(part, ";")
		switch strings.ToLower(strings.TrimSpace(params[0])) {
		case "*/*", "application/*", "application/json":
		default:
			continue
		}
		refused := false
		for _, p := range params[1:] {
			k, v, _ := strings.Cut(p, "=")
			if strings.TrimSpace(k) == "q" {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				refused = err == nil && q == 0
			}
		}
		if !refused {
			return true
		}
	}
	return false
}
