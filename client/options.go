package client

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// DefaultBaseURL is the API's address.
const DefaultBaseURL = "https://api.digitalriver.com"

// Defaults of the options.
const (
	// DefaultMaxRetries is how many times a failed request that is safe to
	// repeat is retried, after the first attempt.
	DefaultMaxRetries = 2
	// DefaultBackoffBase is the first retry's nominal wait; each further retry doubles it.
	DefaultBackoffBase = 500 * time.Millisecond
	// DefaultBackoffMax caps the exponential backoff between retries.
	DefaultBackoffMax = 8 * time.Second
	// DefaultRetryAfterCap is the longest Retry-After the client waits for
	// before retrying; a longer one ends the call with the *APIError.
	DefaultRetryAfterCap = 30 * time.Second
	// DefaultTestRate and DefaultLiveRate are the client-side rate limits, in
	// requests per second, for sk_test_ keys and for other keys.
	DefaultTestRate, DefaultLiveRate rate.Limit = 25, 250
	// DefaultTimeout bounds a whole request (connection, headers and body)
	// when the client makes its own *http.Client.
	DefaultTimeout = 60 * time.Second
)

// Option configures a Client in New; an Option given bad input makes New
// return an error naming it.
type Option func(*config) error

// config is what the options set; New turns it into a Client.
type config struct {
	baseURL       string
	httpClient    *http.Client
	logger        *slog.Logger
	maxRetries    int
	backoffBase   time.Duration
	backoffMax    time.Duration
	retryAfterCap time.Duration
	limit         rate.Limit // 0 until WithRateLimit, which refuses 0
	burst         int
	uaSuffix      string
	apiVersion    string // WithAPIVersion; "" sends no DigitalRiver-Version
	applicationID string // WithUpstreamApplicationID; "" derives it
	responseHook  func(context.Context, ResponseInfo)
}

// WithBaseURL sets the API's address, such as "https://api.digitalriver.com"
// or, for a local fake, "http://127.0.0.1:8080/v1". It must be https, or
// plain http to a loopback host only, so the key never crosses a network in
// clear text. A path is kept; query and fragment are refused.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		norm, err := checkBaseURL(u)
		if err != nil {
			return err
		}
		c.baseURL = norm
		return nil
	}
}

// WithHTTPClient makes the client send its requests through hc (its
// Transport, Timeout, redirect policy and cookie jar). The default is a
// client of its own with DefaultTimeout that does not follow redirects; give
// hc a CheckRedirect returning http.ErrUseLastResponse to keep that. Whatever
// hc's policy, the client never follows a redirect from https to http or to
// another host or port (it uses a copy of hc whose CheckRedirect refuses
// those first): such a 3xx is returned as an *APIError.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return fmt.Errorf("drapi: WithHTTPClient: the *http.Client is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger sends a record of each attempt (at Debug), and of each retry
// and each wait for the client-side rate limit (at Info), to l. Records never hold bodies or the key. A nil l logs nothing,
// which is the default.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithMaxRetries sets how many times a failed request that is safe to repeat
// is retried; 0 turns retries off. The default is DefaultMaxRetries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 || n > 20 {
			return fmt.Errorf("drapi: WithMaxRetries: %d is out of range 0..20", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff sets the nominal wait before the first retry (base) and the
// most any retry waits (maxWait); waits double from base and are jittered
// between half and all of their nominal value.
func WithBackoff(base, maxWait time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || maxWait < base {
			return fmt.Errorf("drapi: WithBackoff: need 0 < base <= max, got base %v, max %v", base, maxWait)
		}
		c.backoffBase, c.backoffMax = base, maxWait
		return nil
	}
}

// WithRetryAfterCap sets the longest Retry-After the client honours by
// waiting; an answer asking for longer is returned as the *APIError at once
// (its RetryAfter says how long). 0 means never wait for a Retry-After.
func WithRetryAfterCap(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("drapi: WithRetryAfterCap: %v is negative", d)
		}
		c.retryAfterCap = d
		return nil
	}
}

// WithRateLimit sets the client-side rate limit: r requests per second on
// average, with bursts of up to burst. rate.Inf turns the limit off. The
// default is DefaultTestRate for sk_test_ keys and DefaultLiveRate otherwise,
// with bursts of the same size, and no limit for a loopback base URL (a local
// fake such as drapitest or drapi mock). Retries count against the limit.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *config) error {
		if r <= 0 {
			return fmt.Errorf("drapi: WithRateLimit: the rate %v must be positive (rate.Inf for no limit)", r)
		}
		if burst < 1 && r != rate.Inf {
			return fmt.Errorf("drapi: WithRateLimit: the burst %d must be at least 1", burst)
		}
		c.limit, c.burst = r, burst
		return nil
	}
}

// WithUserAgent appends product tokens, such as "checkout-service/1.4", to
// the User-Agent header, which always starts with drapi's own.
func WithUserAgent(suffix string) Option {
	return func(c *config) error {
		for i := 0; i < len(suffix); i++ {
			if ch := suffix[i]; ch < 0x20 || ch == 0x7f {
				return fmt.Errorf("drapi: WithUserAgent: control character at byte %d", i)
			}
		}
		c.uaSuffix = strings.TrimSpace(suffix)
		return nil
	}
}

// checkBaseURL parses a base URL, refuses what would leak the key or lose
// the path, and returns it with exactly one trailing slash (the generated
// request builders drop a last path segment without it).
func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("drapi: base URL %q: %w", raw, err)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("drapi: base URL %q: the scheme must be https (or http to a loopback host)", raw)
	case u.Host == "":
		return "", fmt.Errorf("drapi: base URL %q has no host", raw)
	case u.User != nil:
		return "", fmt.Errorf("drapi: base URL must not hold credentials; the key is given to New")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("drapi: base URL %q: a query or fragment is not allowed", raw)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "", fmt.Errorf("drapi: base URL %q: plain http is allowed only to a loopback host (127.0.0.1, ::1, localhost); use https", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/"
	u.RawPath = ""
	return u.String(), nil
}

// baseURLIsLoopback reports whether a base URL, already checked by
// WithBaseURL, names a loopback host.
func baseURLIsLoopback(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && isLoopback(u.Hostname())
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
