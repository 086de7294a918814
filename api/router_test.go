package api_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drapi-go/drapi/api"
)

// TestRouterEscapedIDsAndMethods: an ID holding an escaped "/" (as client
// sends it) is one path segment, and a known path with a wrong method is
// told apart from an unknown path: the two reasons router.go is kept.
func TestRouterEscapedIDsAndMethods(t *testing.T) {
	tests := []struct {
		method, target string
		want           error
	}{
		{http.MethodGet, "/customers/a%2Fb", nil},
		{http.MethodDelete, "/customers/a%2F..%2Fb/sources/a6809a63-e6a9-4016-abbc-f33d19fccb5b", nil},
		{http.MethodPut, "/customers/5823594809", api.ErrMethodNotAllowed},
		{http.MethodGet, "/customers/a/b", api.ErrNoRoute},
		{http.MethodGet, "/refunds", api.ErrNoRoute},
	}
	for _, tt := range tests {
		err := api.ValidateRequest(httptest.NewRequest(tt.method, tt.target, nil))
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s %s: %v, want %v", tt.method, tt.target, err, tt.want)
		}
	}
}
