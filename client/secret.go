package client

import (
	"fmt"
	"log/slog"
	"strings"
)

// redacted is what a secret key prints as, wherever it is printed.
const redacted = "[REDACTED]"

// secret holds a secret key. The key lives only inside closures: fmt,
// log/slog, encoding/json and other reflection-based printers show a func as
// an address and never reach what it captures, even through the %!s(...)
// fallback that prints pointed-to structs of unexported fields. Its own
// methods print it redacted; only reveal and header return the key.
type secret struct {
	reveal func() string   // the key
	header func() []string // the Authorization header value, shared by every request
	prefix string          // "sk_test_", "sk_live_" or "", safe to show
}

// newSecret wraps key.
func newSecret(key string) secret {
	h := []string{"Bearer " + key}
	s := secret{reveal: func() string { return key }, header: func() []string { return h }}
	for _, p := range []string{"sk_test_", "sk_live_"} {
		if strings.HasPrefix(key, p) {
			s.prefix = p
		}
	}
	return s
}

// String returns the key's kind with the rest redacted, such as "sk_test_[REDACTED]".
func (s secret) String() string { return s.prefix + redacted }

// GoString redacts the key for %#v.
func (s secret) GoString() string { return `client.secret{"` + s.String() + `"}` }

// Format redacts the key for every fmt verb.
func (s secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// LogValue redacts the key in log/slog records.
func (s secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText redacts the key in encoding/json and other text encoders.
func (s secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// isTest reports whether the key is a test-mode key.
func (s secret) isTest() bool { return s.prefix == "sk_test_" }

// scrub replaces every occurrence of the key in text received from the
// network (an error page that echoes request headers, say) with [REDACTED].
func (s secret) scrub(text string) string {
	if s.reveal == nil {
		return text
	}
	key := s.reveal()
	if key == "" || !strings.Contains(text, key) {
		return text
	}
	return strings.ReplaceAll(text, key, redacted)
}

// checkKey rejects keys that cannot be sent or are not secret keys. The
// error never repeats the key.
func checkKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("drapi: the secret key is empty")
	case strings.HasPrefix(key, "pk_"):
		return fmt.Errorf("drapi: the secret key is a public key (pk_...); the client needs a secret key (sk_test_... or sk_live_...)")
	case strings.TrimSpace(key) != key:
		return fmt.Errorf("drapi: the secret key has leading or trailing white space")
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("drapi: the secret key has a character that cannot be sent in a header at byte %d", i)
		}
	}
	return nil
}
