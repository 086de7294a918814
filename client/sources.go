package client

import (
	"context"
	"net/http"

	"github.com/drapi-go/drapi/gen"
)

// SourcesService calls the source endpoints; use it as Client.Sources.
type SourcesService struct{ c *core }

// Create creates a payment source. It is a POST: see ErrOutcomeUnknown.
// API: POST /sources
func (s *SourcesService) Create(ctx context.Context, req gen.SourceRequest) (*gen.Source, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	return doJSON[gen.Source](ctx, s.c, newCall(gen.OpCreateSource,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.CreateSource(ctx, req) }))
}

// Get fetches a source by ID. API: GET /sources/{id}
func (s *SourcesService) Get(ctx context.Context, id string) (*gen.Source, error) {
	if s == nil || s.c == nil {
		return nil, errNotConfigured
	}
	if err := checkID("Sources.Get", "id", id); err != nil {
		return nil, err
	}
	return doJSON[gen.Source](ctx, s.c, newCall(gen.OpGetSource,
		func(ctx context.Context) (*http.Response, error) { return s.c.gen.GetSource(ctx, id) }, id))
}
