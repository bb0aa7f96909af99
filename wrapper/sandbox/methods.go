package sandbox

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/shift4shop-go/paymenttokens/internal/contract"
)

// methodIndex knows the methods of each path of the spec, for the Allow
// header of a 405.
type methodIndex struct {
	paths   *http.ServeMux    // one method-less pattern per path of the spec
	allowed map[string]string // pattern → "GET, POST, PUT"
}

// specMethods builds the index from the embedded spec once; it is read-only after.
var specMethods = sync.OnceValues(func() (*methodIndex, error) {
	doc, err := contract.LoadSpec()
	if err != nil {
		return nil, err
	}
	idx := &methodIndex{paths: http.NewServeMux(), allowed: map[string]string{}}
	for path, item := range doc.Paths.Map() {
		pattern := BasePath + path // {id} templates are ServeMux wildcards too
		idx.paths.Handle(pattern, http.NotFoundHandler())
		idx.allowed[pattern] = strings.Join(slices.Sorted(maps.Keys(item.Operations())), ", ")
	}
	return idx, nil
})

// allow lists the methods the spec has for r's path, or "" for a path it lacks.
func (m *methodIndex) allow(r *http.Request) string {
	_, pattern := m.paths.Handler(r)
	return m.allowed[pattern]
}
