//go:build tools

// Package drapi's tools file pins the code generator's version in go.mod, so
// `go generate` runs the same oapi-codegen on every machine.
package drapi

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
