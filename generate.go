// Package drapi is the contract of the Digital River API's customers, sources
// and orders: the hand-maintained openapi.yaml, embedded here so every package
// and every importing service reads the same bytes, and the Time type the
// generated models use for timestamps.
//
// The generated models and client live in package gen, run-time validation in
// package api, and the client people use in package client.
package drapi

import _ "embed"

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/models.cfg.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/client.cfg.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/server.cfg.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config gen/spec/spec.cfg.yaml openapi.yaml

// OpenAPI is the contract, openapi.yaml, exactly as it is in the repository.
// Treat it as read-only.
//
//go:embed openapi.yaml
var OpenAPI []byte
