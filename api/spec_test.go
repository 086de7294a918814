package api

import (
	"context"
	"strings"
	"testing"

	"github.com/drapi-go/drapi"
)

// TestLoadSpec checks loading specs other than the embedded one.
func TestLoadSpec(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantErr string
	}{
		{"the contract", string(drapi.OpenAPI()), ""},
		{"not YAML", "openapi: [", "parse the spec"},
		{"not OpenAPI", "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", "invalid spec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := loadSpec(context.Background(), []byte(tt.data))
			if tt.wantErr == "" {
				if err != nil || doc.Paths.Find("/orders") == nil {
					t.Fatalf("got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want an error saying %q", err, tt.wantErr)
			}
		})
	}
}
