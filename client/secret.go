package client

import (
	"fmt"
	"log/slog"
	"strings"
)

// redacted is what a secret key prints as, wherever it is printed.
const redacted = "[REDACTED]"

// secret holds a secret key. Every way Go prints a value (fmt verbs including
// %#v, log/slog, encoding/json) shows it redacted; only reveal returns the key.
type secret struct{ key string }

// String returns the key's kind with the rest redacted, such as "sk_test_[REDACTED]".
func (s secret) String() string { return s.kind() + redacted }

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

// reveal returns the key itself, for the Authorization header only.
func (s secret) reveal() string { return s.key }

// kind returns the key's prefix ("sk_test_", "sk_live_") when it has a known
// one, so redacted output still tells test keys from live ones.
func (s secret) kind() string {
	for _, p := range []string{"sk_test_", "sk_live_"} {
		if strings.HasPrefix(s.key, p) {
			return p
		}
	}
	return ""
}

// isTest reports whether the key is a test-mode key.
func (s secret) isTest() bool { return strings.HasPrefix(s.key, "sk_test_") }

// scrub replaces every occurrence of the key in text received from the
// network (an error page that echoes request headers, say) with [REDACTED].
func (s secret) scrub(text string) string {
	if s.key == "" || !strings.Contains(text, s.key) {
		return text
	}
	return strings.ReplaceAll(text, s.key, redacted)
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
