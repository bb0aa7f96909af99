package contract

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// requestError is a request's validation error, read as explain renders it
// and matched (errors.Is, errors.As) as kin-openapi returned it.
type requestError struct {
	msg string
	err error
}

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return e.err }

// problem is one thing wrong with a request: where, and what.
type problem struct {
	where []string // "parameter \"offset\" in query"; "request body", "item 0", "CustomerID"
	what  string
}

func (p problem) String() string {
	if len(p.where) == 0 {
		return p.what
	}
	return strings.Join(p.where, ", ") + ": " + p.what
}

// explain renders what kin-openapi found wrong with a request, one problem
// after another, each naming the parameter or the body's item and field
// ("request body, item 0, CustomerID: must be an integer from ..."),
// without the schema or the value kin-openapi appends. An integer out of
// its schema's bounds is told those bounds (not the 64-bit ones of
// kin-openapi's format check for a value past them), and a value that
// matches no branch of a oneOf is explained by the branch of its JSON type
// alone (an array's errors, not "value must be an object").
func explain(err error) string {
	var lines []string
	for _, p := range problems(err) {
		if line := p.String(); !slices.Contains(lines, line) {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "; ")
}

// problems lists the problems of one request validation error.
// The walks below match types, not errors.As: a MultiError's As answers
// for any of its errors, and a RequestError unwraps to its schema errors.
func problems(err error) []problem {
	switch e := err.(type) {
	case openapi3.MultiError:
		var out []problem
		for _, inner := range e {
			out = append(out, problems(inner)...)
		}
		return out
	case *openapi3filter.RequestError:
		return requestProblems(e)
	}
	return []problem{{what: err.Error()}}
}

// requestProblems explains the error of one parameter, or of the body.
func requestProblems(req *openapi3filter.RequestError) []problem {
	switch {
	case req.Parameter != nil:
		return under(fmt.Sprintf("parameter %q in %s", req.Parameter.Name, req.Parameter.In), parameterProblems(req))
	case req.RequestBody != nil && req.Err != nil:
		return under("request body", schemaProblems(req.Err))
	}
	return []problem{{what: req.Error()}}
}

// parameterProblems explains a parameter's error: an integer its format
// cannot hold is told the schema's bounds.
func parameterProblems(req *openapi3filter.RequestError) []problem {
	var parse *openapi3filter.ParseError
	if errors.As(req.Err, &parse) && errors.Is(parse.RootCause(), strconv.ErrRange) && req.Parameter.Schema != nil {
		if bounds := integerBounds(req.Parameter.Schema.Value); bounds != "" {
			return []problem{{what: fmt.Sprintf("%v is out of range: want an integer %s", parse.Value, bounds)}}
		}
	}
	if req.Err == nil {
		return []problem{{what: req.Reason}}
	}
	return schemaProblems(req.Err)
}

// schemaProblems explains a schema error: where in the value, and what.
func schemaProblems(err error) []problem {
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []problem
		for _, inner := range multi {
			out = append(out, schemaProblems(inner)...)
		}
		return out
	}
	se, ok := err.(*openapi3.SchemaError)
	if !ok {
		return []problem{{what: err.Error()}}
	}
	where := placeNames(se.JSONPointer())
	if se.SchemaField == "oneOf" {
		return under(strings.Join(where, ", "), oneOfProblems(se))
	}
	what := se.Reason
	switch se.SchemaField {
	case "format", "minimum", "maximum":
		if bounds := integerBounds(se.Schema); bounds != "" {
			what = "must be an integer " + bounds
		}
	case "pattern":
		what = "is not in a form the spec's pattern admits (the field's description lists them)" // the pattern itself is unreadably long
	}
	return []problem{{where: where, what: what}}
}

// oneOfProblems explains a value that matched no branch of a oneOf by the
// one branch of its JSON type, or by the types the branches take.
func oneOfProblems(se *openapi3.SchemaError) []problem {
	var fits []*openapi3.Schema
	var types []string
	for _, branch := range se.Schema.OneOf {
		if branch.Value == nil {
			continue
		}
		types = append(types, branch.Value.Type.Slice()...)
		if branch.Value.Type.Permits(jsonType(se.Value)) {
			fits = append(fits, branch.Value)
		}
	}
	if len(fits) != 1 {
		return []problem{{what: "must be " + strings.Join(types, " or ")}}
	}
	err := fits[0].VisitJSON(se.Value, openapi3.MultiErrors(), openapi3.VisitAsRequest(), openapi3.DisableSchemaErrorDetails())
	if err == nil {
		return []problem{{what: se.Reason}}
	}
	return schemaProblems(err)
}

// jsonType is the JSON Schema type of a decoded JSON value.
func jsonType(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return openapi3.TypeObject
	case []any:
		return openapi3.TypeArray
	case string:
		return openapi3.TypeString
	case bool:
		return openapi3.TypeBoolean
	case float64:
		if v == math.Trunc(v) {
			return openapi3.TypeInteger
		}
		return openapi3.TypeNumber
	}
	return "null"
}

// integerBounds says "from MIN to MAX" for an integer schema with both
// bounds, or "".
func integerBounds(s *openapi3.Schema) string {
	if s == nil || !s.Type.Is(openapi3.TypeInteger) || s.Min == nil || s.Max == nil {
		return ""
	}
	return fmt.Sprintf("from %s to %s", strconv.FormatFloat(*s.Min, 'f', -1, 64), strconv.FormatFloat(*s.Max, 'f', -1, 64))
}

// placeNames names the places of a JSON pointer: ["item 0", "CustomerID"].
func placeNames(pointer []string) []string {
	names := make([]string, len(pointer))
	for i, p := range pointer {
		if _, err := strconv.Atoi(p); err == nil {
			p = "item " + p
		}
		names[i] = p
	}
	return names
}

// under puts place before the places of each problem, unless it is "".
func under(place string, ps []problem) []problem {
	if place == "" {
		return ps
	}
	for i := range ps {
		ps[i].where = append([]string{place}, ps[i].where...)
	}
	return ps
}
