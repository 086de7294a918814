package api

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// stringFormats returns the validators of the string formats the contract
// uses (email, uuid, date-time, date), for kin-openapi's
// openapi3.WithStringFormatValidators. Package api passes them with every
// validation and never registers them globally.
func stringFormats() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"email":     openapi3.NewCallbackValidator(checkEmail),
		"uuid":      openapi3.NewCallbackValidator(checkUUID),
		"date-time": openapi3.NewCallbackValidator(checkDateTime),
		"date":      openapi3.NewCallbackValidator(checkDate),
	}
}

// checkEmail accepts an address as RFC 5321 reads it (the JSON Schema test
// suite's "email" cases): a dot-atom or quoted local part, '@', and a
// host name with a dot (or localhost) or an IP address literal
// ([127.0.0.1], [IPv6:::1]). No display name, no comments, ASCII only.
func checkEmail(s string) error {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return fmt.Errorf("not an e-mail address")
	}
	local, domain := s[:at], s[at+1:]
	if len(s) > 254 || len(local) > 64 {
		return fmt.Errorf("not an e-mail address: too long")
	}
	if !emailLocal(local) {
		return fmt.Errorf("not an e-mail address: bad local part")
	}
	if strings.HasPrefix(domain, "[") {
		if !addressLiteral(domain) {
			return fmt.Errorf("not an e-mail address: bad address literal")
		}
		return nil
	}
	if !hostname(domain) {
		return fmt.Errorf("not an e-mail address: bad domain")
	}
	if !strings.Contains(domain, ".") && domain != "localhost" {
		return fmt.Errorf("not an e-mail address: the domain has no dot")
	}
	return nil
}

// emailLocal reports whether s is a dot-atom or a quoted string (RFC 5321
// section 4.1.2).
func emailLocal(s string) bool {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		q := s[1 : len(s)-1]
		for i := 0; i < len(q); i++ {
			c := q[i]
			switch {
			case c == '\\':
				i++
				if i == len(q) || q[i] < 0x20 || q[i] > 0x7e {
					return false
				}
			case c == '"' || c < 0x20 || c > 0x7e:
				return false
			}
		}
		return true
	}
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false // leading, trailing or doubled dot
		}
		for i := 0; i < len(atom); i++ {
			if !isAtext(atom[i]) {
				return false
			}
		}
	}
	return true
}

// isAtext reports whether c may appear unquoted in a local part (RFC 5322
// atext).
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// hostname reports whether s is a host name of ASCII letters, digits and
// hyphens: labels of 1 to 63, none starting or ending with a hyphen, 253 in
// all at most.
func hostname(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// addressLiteral reports whether s is [IPv4] or [IPv6:address] (RFC 5321
// section 4.1.3).
func addressLiteral(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	lit := s[1 : len(s)-1]
	if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
		a, err := netip.ParseAddr(v6)
		return err == nil && a.Is6() && a.Zone() == ""
	}
	a, err := netip.ParseAddr(lit)
	return err == nil && a.Is4()
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

// checkDateTime accepts RFC 3339 date-times (section 5.6:
// 2018-04-25T20:36:00Z, 2020-05-21T00:00:00-05:00, t and z in either case,
// fractional seconds), with a leap second only where one can be: 23:59:60
// in UTC, so 15:59:60-08:00 too. Offsets go up to ±23:59.
func checkDateTime(s string) error {
	bad := fmt.Errorf("not an RFC 3339 date-time")
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') {
		return bad
	}
	if checkDate(s[:10]) != nil {
		return bad
	}
	t := s[11:]
	if len(t) < 9 || t[2] != ':' || t[5] != ':' {
		return bad
	}
	hh, ok1 := digits2(t[0:2])
	mm, ok2 := digits2(t[3:5])
	ss, ok3 := digits2(t[6:8])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 60 {
		return bad
	}
	t = t[8:]
	if len(t) > 0 && t[0] == '.' {
		n := 1
		for n < len(t) && '0' <= t[n] && t[n] <= '9' {
			n++
		}
		if n == 1 {
			return bad
		}
		t = t[n:]
	}
	var offset int // minutes east of UTC
	switch {
	case t == "Z" || t == "z":
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':':
		oh, ok1 := digits2(t[1:3])
		om, ok2 := digits2(t[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return bad
		}
		offset = oh*60 + om
		if t[0] == '-' {
			offset = -offset
		}
	default:
		return bad
	}
	if ss == 60 && ((hh*60+mm-offset)%1440+1440)%1440 != 23*60+59 {
		return fmt.Errorf("not an RFC 3339 date-time: a leap second is 23:59:60 in UTC")
	}
	return nil
}

// digits2 parses two ASCII digits.
func digits2(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// checkDate accepts RFC 3339 full dates (2018-04-25): four-digit year, and
// a day that exists in its month.
func checkDate(s string) error {
	bad := fmt.Errorf("not an RFC 3339 date")
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad
	}
	y1, ok1 := digits2(s[0:2])
	y2, ok2 := digits2(s[2:4])
	m, ok3 := digits2(s[5:7])
	d, ok4 := digits2(s[8:10])
	if !ok1 || !ok2 || !ok3 || !ok4 || m < 1 || m > 12 || d < 1 {
		return bad
	}
	year := y1*100 + y2
	// The last day of month m: day 0 of the month after it.
	if d > time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return bad
	}
	return nil
}
