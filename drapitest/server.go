package drapitest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/client"
)

// Server is a fake of the API listening on a loopback address, for tests:
// the Fake's methods (Calls, Customers, SetFaults, Key, ...) and its URL.
type Server struct {
	*Fake
	// URL is the base URL of the fake, http://127.0.0.1:<port>, to give to
	// the client under test.
	URL string

	hs *httptest.Server
	t  testing.TB
}

// NewServer starts a fake of the API configured by opts, and closes it when
// the test ends (t.Cleanup). An option given bad input fails the test.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	f, err := New(opts...)
	if err != nil {
		t.Fatalf("drapitest.NewServer: %v", err)
	}
	hs := httptest.NewServer(f)
	t.Cleanup(hs.Close)
	return &Server{Fake: f, URL: hs.URL, hs: hs, t: t}
}

// Client returns an HTTP client for the server that holds both sides to the
// contract (api.NewTransport): a request that breaks it is not sent, and a
// response that breaks it fails the call. Give it to the client under test;
// it does not add the key.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: api.NewTransport(s.hs.Client().Transport, api.WithResponseFailure())}
}

// NewClient returns a client of the API ready to call the server: its key,
// its URL and Client, which holds both sides to the contract. opts come
// after those, so they may override them; an option given bad input fails
// the test.
//
//	srv := drapitest.NewServer(t, drapitest.WithSeedFixtures())
//	c := srv.NewClient()
//	cust, err := c.Customers.Get(ctx, "5823594809")
func (s *Server) NewClient(opts ...client.Option) *client.Client {
	s.t.Helper()
	all := append([]client.Option{client.WithBaseURL(s.URL), client.WithHTTPClient(s.Client())}, opts...)
	c, err := client.New(s.Key(), all...)
	if err != nil {
		s.t.Fatalf("drapitest: Server.NewClient: %v", err)
	}
	return c
}

// Close shuts the server down before the test ends; it blocks until the
// calls in flight are answered.
func (s *Server) Close() { s.hs.Close() }
