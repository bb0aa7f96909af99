package api

import _ "embed" // for the OpenAPI document

//go:embed openapi.yaml
var spec string

// OpenAPI returns the OpenAPI document (openapi.yaml), a fresh copy on every
// call, for validators and servers; a program that never calls it does not
// carry it.
func OpenAPI() []byte { return []byte(spec) }
