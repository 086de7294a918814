// Package drapi is the contract of the Digital River API's customers, sources
// and orders: the hand-maintained openapi.yaml, embedded here so every package
// and every importing service reads the same bytes, and the Time type the
// generated models use for timestamps.
//
// The generated models live in package gen, the client people use in package
// client, run-time validation in package api, and a fake of the API for tests
// in package drapitest.
package drapi

import (
	_ "embed"
	"slices"
)

// opsgen runs first: it validates the contract and refuses what the
// operation table cannot describe, so a broken openapi.yaml stops go generate
// before oapi-codegen rewrites anything. The generator is pinned by the tool
// directive in go.mod, so it is not a requirement of the modules that import
// this one. A new output directory goes into the Makefile's GENERATED, which
// make check-generate compares.
//go:generate go run ./internal/opsgen openapi.yaml gen/operations.gen.go
//go:generate go tool oapi-codegen -config gen/models.cfg.yaml openapi.yaml
//go:generate go tool oapi-codegen -config internal/genclient/genclient.cfg.yaml openapi.yaml
//go:generate go tool oapi-codegen -config internal/genserver/genserver.cfg.yaml openapi.yaml

//go:embed openapi.yaml
var openAPI []byte

// OpenAPI returns the contract, openapi.yaml exactly as it is in the
// repository. The slice is the caller's own copy.
func OpenAPI() []byte { return slices.Clone(openAPI) }
