package api

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

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
