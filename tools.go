//go:build tools

// Package tools pins the code generator's version in go.mod so that
// `go generate ./...` uses exactly the same oapi-codegen everywhere.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
