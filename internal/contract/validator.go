// Package contract checks HTTP exchanges against api/openapi.yaml with
// kin-openapi: the sandbox validates every request it receives with it, and
// the tests every exchange of the generated client and the wrapper, so that
// they and the spec are proven to agree.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/shift4shop-go/paymenttokens/api"
)

// BasePath is the path prefix of every operation, as in the spec's server URL.
const BasePath = "/3dCartWebAPI/v2"

// ErrNoRoute marks a request that matches no operation of the spec.
var ErrNoRoute = errors.New("no such operation")

// Validator validates requests and responses against the spec.
type Validator struct {
	router routers.Router
}

// NewValidator loads the spec embedded in package api and prepares a router
// that matches BasePath on any host (so loopback test servers match too).
func NewValidator() (*Validator, error) {
	doc, err := LoadSpec()
	if err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: BasePath}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: build router: %w", err)
	}
	return &Validator{router: router}, nil
}

// LoadSpec parses the spec embedded in package api, with its references
// resolved; it does not validate it (TestSpecIsValid does).
func LoadSpec() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("contract: load api/openapi.yaml: %w", err)
	}
	return doc, nil
}

// A gateway in front of the API answers with its own page (the spec's
// GatewayError): its body is text, checked only as a string.
func init() {
	for _, ct := range []string{"text/html", "text/plain"} {
		openapi3filter.RegisterBodyDecoder(ct, decodeText)
	}
}

// decodeText reads a text body whole as a string.
func decodeText(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	return string(b), err
}

// options makes the security requirement check that the three headers are
// present; whether they are right is the server's business.
var options = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
	AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if in.RequestValidationInput.Request.Header.Get(in.SecurityScheme.Name) == "" {
			return fmt.Errorf("header %s is missing", in.SecurityScheme.Name)
		}
		return nil
	},
}

// requestOptions are options without the schema and the value in schema
// errors: explain names the place instead, and a value may be a secret.
var requestOptions = func() *openapi3filter.Options {
	o := *options
	o.SchemaValidationOptions = []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	return &o
}()

// Route finds the operation of r: an error matching ErrNoRoute when the spec
// has none, and routers.ErrMethodNotAllowed too when the path has other
// methods only.
func (v *Validator) Route(r *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w: %w", r.Method, r.URL.Path, ErrNoRoute, err)
	}
	return route, params, nil
}

// ValidateRequest finds the operation of r and validates r and its body
// against it. A mismatch's message names each parameter or body field that
// is wrong, and where in an array (see explain); the error unwraps to
// kin-openapi's.
func (v *Validator) ValidateRequest(ctx context.Context, r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := v.Route(r)
	if err != nil {
		return nil, err
	}
	clone := r.Clone(ctx)
	clone.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: clone, PathParams: params, Route: route, Options: requestOptions}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return in, &requestError{msg: fmt.Sprintf("%s %s: request does not match the spec: %s", r.Method, r.URL.Path, explain(err)), err: err}
	}
	return in, nil
}

// ValidateResponse validates one answer to the request described by in.
func (v *Validator) ValidateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                options,
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("%s %s: %d response does not match the spec: %w", in.Request.Method, in.Request.URL.Path, status, err)
	}
	return nil
}

// Reporter receives mismatches; *testing.T satisfies it.
type Reporter interface {
	Errorf(format string, args ...any)
}

// RoundTripper validates every request it sends and every response it
// receives, reporting each mismatch to the Reporter. It never alters the
// exchange, so the code under test sees exactly what the server sent.
type RoundTripper struct {
	Validator *Validator
	Next      http.RoundTripper
	Report    Reporter
}

// NewRoundTripper wraps next (http.DefaultTransport when nil).
func NewRoundTripper(report Reporter, next http.RoundTripper) (*RoundTripper, error) {
	v, err := NewValidator()
	if err != nil {
		return nil, err
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &RoundTripper{Validator: v, Next: next, Report: report}, nil
}

// TB is what NewHTTPClient needs of a test; *testing.T satisfies it.
type TB interface {
	Reporter
	Cleanup(func())
}

// NewHTTPClient returns a client on a transport of its own, closed when the
// test ends, whose every exchange is validated and mismatches reported to tb.
func NewHTTPClient(tb TB) (*http.Client, error) {
	transport := &http.Transport{}
	tb.Cleanup(transport.CloseIdleConnections)
	rt, err := NewRoundTripper(tb, transport)
	if err != nil {
		return nil, err
	}
	return &http.Client{Transport: rt}, nil
}

// RoundTrip implements http.RoundTripper.
func (rt *RoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	reqBody, err := readAndRestore(&r.Body)
	if err != nil {
		return nil, err
	}
	in, err := rt.Validator.ValidateRequest(r.Context(), r, reqBody)
	if err != nil {
		rt.Report.Errorf("contract: %v", err)
	}
	resp, err := rt.Next.RoundTrip(r)
	if err != nil || in == nil {
		return resp, err
	}
	respBody, err := readAndRestore(&resp.Body)
	if err != nil {
		return nil, err
	}
	if err := rt.Validator.ValidateResponse(r.Context(), in, resp.StatusCode, resp.Header, respBody); err != nil {
		rt.Report.Errorf("contract: %v", err)
	}
	return resp, nil
}

// readAndRestore reads a body fully and puts an identical reader back.
func readAndRestore(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	closeErr := (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, errors.Join(err, closeErr)
}

// CloseIdleConnections closes the idle connections of the transport it wraps,
// so that http.Client.CloseIdleConnections reaches them.
func (rt *RoundTripper) CloseIdleConnections() {
	if c, ok := rt.Next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
