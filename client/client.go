package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/drapi-go/drapi/internal/genclient"
)

// Client calls the Digital River API's customers, sources and orders. Make
// one with New or NewFromEnv and share it: a *Client is safe for concurrent
// use by many goroutines, and holds the connection pool and the rate limit.
type Client struct {
	// Customers calls the customer endpoints.
	Customers *CustomersService
	// Sources calls the source endpoints.
	Sources *SourcesService
	// Orders calls the order endpoints.
	Orders *OrdersService

	c *core
}

// core is what every service shares. It holds the key only inside a secret,
// so no way of printing a Client, its services or core reaches the key.
type core struct {
	key     secret
	baseURL string
	gen     genclient.ClientInterface
	logger  *slog.Logger
	limiter *rate.Limiter

	maxRetries    int
	backoffBase   time.Duration
	backoffMax    time.Duration
	retryAfterCap time.Duration

	// bufs holds *bytes.Buffer for reading bodies, so a call in a steady
	// state allocates none.
	bufs sync.Pool

	// hook is WithResponseHook's, or nil.
	hook func(context.Context, ResponseInfo)

	// Header values shared by every request; never modified after New.
	uaHeader      []string
	acceptHeader  []string
	versionHeader []string // nil: no DigitalRiver-Version
	appIDHeader   []string
}

// New returns a Client that authenticates with secretKey (sk_test_... or
// sk_live_...) and calls DefaultBaseURL unless WithBaseURL says otherwise.
// It refuses an empty key, a public key, and a plain-http base URL to a host
// that is not loopback. Errors never include the key.
func New(secretKey string, opts ...Option) (*Client, error) {
	if err := checkKey(secretKey); err != nil {
		return nil, err
	}
	key := newSecret(secretKey)
	cfg := config{
		baseURL:       DefaultBaseURL + "/",
		maxRetries:    DefaultMaxRetries,
		backoffBase:   DefaultBackoffBase,
		backoffMax:    DefaultBackoffMax,
		retryAfterCap: DefaultRetryAfterCap,
	}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("drapi: New: option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.limit == 0 { // no WithRateLimit
		switch {
		case baseURLIsLoopback(cfg.baseURL):
			cfg.limit = rate.Inf // a local fake or proxy, not the API the limit protects
		case key.isTest():
			cfg.limit = DefaultTestRate
		default:
			cfg.limit = DefaultLiveRate
		}
		cfg.burst = int(min(cfg.limit, DefaultLiveRate))
	}
	hc := cfg.httpClient
	if hc == nil {
		hc = defaultHTTPClient()
	} else {
		hc = guardRedirects(hc)
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	co := &core{
		key:           key,
		baseURL:       cfg.baseURL,
		logger:        logger,
		limiter:       rate.NewLimiter(cfg.limit, cfg.burst),
		maxRetries:    cfg.maxRetries,
		backoffBase:   cfg.backoffBase,
		backoffMax:    cfg.backoffMax,
		retryAfterCap: cfg.retryAfterCap,
		hook:          cfg.responseHook,
		uaHeader:      []string{userAgent(cfg.uaSuffix)},
		acceptHeader:  []string{"application/json"},
		appIDHeader:   []string{cfg.applicationID},
	}
	if cfg.applicationID == "" {
		co.appIDHeader[0] = defaultApplicationID(cfg.uaSuffix, moduleVersion())
	}
	if cfg.apiVersion != "" {
		co.versionHeader = []string{cfg.apiVersion}
	}
	g, err := genclient.NewClient(cfg.baseURL, genclient.WithHTTPClient(hc), genclient.WithRequestEditorFn(co.editRequest))
	if err != nil {
		return nil, fmt.Errorf("drapi: New: %w", err)
	}
	co.gen = g
	return &Client{
		Customers: &CustomersService{c: co},
		Sources:   &SourcesService{c: co},
		Orders:    &OrdersService{c: co},
		c:         co,
	}, nil
}

// Environment variables NewFromEnv reads.
const (
	// EnvSecretKey names the variable holding the secret key.
	EnvSecretKey = "DR_SECRET_KEY"
	// EnvBaseURL names the variable holding the base URL, when not the default.
	EnvBaseURL = "DR_BASE_URL"
)

// NewFromEnv returns New(os.Getenv("DR_SECRET_KEY"), opts...), with the base
// URL taken from DR_BASE_URL when that is set; opts given here win over the
// environment.
func NewFromEnv(opts ...Option) (*Client, error) {
	key := os.Getenv(EnvSecretKey)
	if key == "" {
		return nil, fmt.Errorf("drapi: NewFromEnv: %s is not set", EnvSecretKey)
	}
	var all []Option
	if u := os.Getenv(EnvBaseURL); u != "" {
		if _, err := checkBaseURL(u); err != nil {
			return nil, fmt.Errorf("drapi: NewFromEnv: %s: %w", EnvBaseURL, err)
		}
		all = append(all, WithBaseURL(u))
	}
	return New(key, append(all, opts...)...)
}

// String describes the client without its key.
func (c *Client) String() string {
	if c == nil || c.c == nil {
		return "drapi client (not configured)"
	}
	return "drapi client for " + c.c.baseURL + " with key " + c.c.key.String()
}

// GoString describes the client for %#v without its key.
func (c *Client) GoString() string { return "&client.Client{" + c.String() + "}" }

// Format describes the client for every fmt verb without its key.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(c.GoString()))
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// LogValue describes the client in log/slog records without its key.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// editRequest adds the headers every request carries; the generated client
// calls it for each request it builds, with the context of the call: its
// upstream-id (see do) and the shopper of WithShopper.
func (co *core) editRequest(ctx context.Context, req *http.Request) error {
	req.Header["Authorization"] = co.key.header()
	req.Header["User-Agent"] = co.uaHeader
	req.Header["Accept"] = co.acceptHeader
	req.Header[headerApplicationID] = co.appIDHeader
	if co.versionHeader != nil {
		req.Header[headerVersion] = co.versionHeader
	}
	if id := upstreamIDOf(ctx); id != "" {
		req.Header[headerUpstreamID] = []string{id}
	}
	if sh := shopperOf(ctx); sh != nil {
		if sh.err != nil {
			return sh.err
		}
		if sh.sessionID != nil {
			req.Header[headerSessionID] = sh.sessionID
		}
		if sh.forwarded != nil {
			req.Header[headerForwarded] = sh.forwarded
		}
	}
	return nil
}

// defaultHTTPClient returns the *http.Client a Client uses unless
// WithHTTPClient gives one: its own connection pool, a timeout, and no
// redirects (the API does not redirect; following one could resend a POST).
func defaultHTTPClient() *http.Client {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.MaxIdleConnsPerHost = 32
	return &http.Client{
		Transport: t,
		Timeout:   DefaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
