package client

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds, in bytes, on each piece of text from the server the client keeps
// and prints: a longer one is cut, with "..." to say so.
const (
	maxCodeLen      = 128  // the error type, and each error's code
	maxParameterLen = 256  // each error's parameter
	maxMessageLen   = 1024 // each error's message
	maxRequestIDLen = 128  // the x-dr-requestid (or X-Request-Id) header
)

// clean returns s safe to print on one line of a terminal or a log: control
// characters (terminal escapes, CR and LF that would forge a log line),
// bidirectional overrides and invalid UTF-8 escaped as Go does in a quoted
// string, and the result cut to at most max bytes. clean of a clean string
// is the same string.
func clean(s string, max int) string {
	safe := utf8.ValidString(s)
	for _, r := range s {
		if !printable(r) {
			safe = false
			break
		}
	}
	if safe && len(s) <= max {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		var piece string
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			piece = `\x` + strconv.FormatUint(uint64(s[i]), 16)
		case printable(r):
			piece = string(r)
		default:
			q := strconv.QuoteRune(r)
			piece = q[1 : len(q)-1]
		}
		if b.Len()+len(piece) > max-3 {
			b.WriteString("...")
			return b.String()
		}
		b.WriteString(piece)
	}
	return b.String()
}

// printable reports whether r may be printed as it is: not a control
// character, not a format character that reorders text (U+202E and such).
func printable(r rune) bool {
	return !unicode.IsControl(r) && !unicode.Is(unicode.Bidi_Control, r)
}
