// Command jsononly prints the OpenAPI document named by its argument as
// JSON with only the application/json content of every response: the
// document make ogen generates the benchmark's peer client from. ogen
// cannot decode the text pages a gateway answers with (text/html,
// text/plain), which the benchmarks never serve.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsononly openapi.yaml > openapi.json")
		os.Exit(2)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "jsononly:", err)
		os.Exit(1)
	}
	keepJSON := func(r *openapi3.ResponseRef) {
		if r == nil || r.Value == nil {
			return
		}
		for mediaType := range r.Value.Content {
			if mediaType != "application/json" {
				delete(r.Value.Content, mediaType)
			}
		}
	}
	for _, r := range doc.Components.Responses {
		keepJSON(r)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				keepJSON(r)
			}
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "jsononly:", err)
		os.Exit(1)
	}
	fmt.Printf("%s\n", out)
}
