// Package api holds the OpenAPI document of the PaymentTokens resource
// (openapi.yaml, the source of truth for gen/) and the Go types that the
// document maps its fields to.
package api
