package client

import (
	"errors"
	"net/http"
	"strings"
)

// guardRedirects returns a copy of hc (hc itself is left as the caller made
// it) that never follows a redirect from https to http, nor to another host
// or port: the request carries the key, which must not travel in clear text
// or to anyone but the API. Such a 3xx is then the answer (an *APIError).
// Other redirects are left to hc's own CheckRedirect.
func guardRedirects(hc *http.Client) *http.Client {
	c := *hc
	policy := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !safeRedirect(via[0], req) {
			return http.ErrUseLastResponse
		}
		if policy != nil {
			return policy(req, via)
		}
		if len(via) >= 10 { // http.Client's default policy
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// safeRedirect reports whether next stays where first went: the same host
// and port, and not from https down to http.
func safeRedirect(first, next *http.Request) bool {
	if first.URL.Scheme == "https" && next.URL.Scheme != "https" {
		return false
	}
	return strings.EqualFold(hostPort(first), hostPort(next))
}

// hostPort returns the host and port r goes to, with the scheme's default
// port when the URL has none.
func hostPort(r *http.Request) string {
	port := r.URL.Port()
	if port == "" {
		port = "80"
		if r.URL.Scheme == "https" {
			port = "443"
		}
	}
	return r.URL.Hostname() + ":" + port
}
