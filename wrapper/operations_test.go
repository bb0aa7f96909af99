package wrapper_test

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryOperationIsNamedByAMethod checks the "API: … (operationId)" lines
// of the Client's method docs against the spec's operationIds: every method
// names at least one, every named one exists, and every one is named.
func TestEveryOperationIsNamedByAMethod(t *testing.T) {
	t.Parallel()
	spec, err := os.ReadFile(filepath.Join("..", "api", "openapi.yaml"))
	require.NoError(t, err)
	var specOps []string
	// An operation's id is the first line under its method; links name operations too.
	for _, m := range regexp.MustCompile(`(?m)^    (?:get|put|post|delete|patch|head|options|trace):\n      operationId:\s*(\w+)\s*$`).FindAllStringSubmatch(string(spec), -1) {
		specOps = append(specOps, m[1])
	}
	require.Len(t, specOps, 6, "the spec's six operations")

	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	apiLine := regexp.MustCompile(`(?m)^API: .*$`)
	opName := regexp.MustCompile(`\((\w+)\)`)
	named := map[string][]string{} // operationId -> methods naming it
	methods := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(gotoken.NewFileSet(), file, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || receiver(fn) != "Client" {
				continue
			}
			methods++
			line := apiLine.FindString(fn.Doc.Text())
			if !assert.NotEmpty(t, line, "%s's doc has no \"API: METHOD /path (operationId)\" line", fn.Name.Name) {
				continue
			}
			for _, m := range opName.FindAllStringSubmatch(line, -1) {
				assert.Contains(t, specOps, m[1], "%s names an operation the spec lacks", fn.Name.Name)
				named[m[1]] = append(named[m[1]], fn.Name.Name)
			}
		}
	}
	assert.GreaterOrEqual(t, methods, 9)
	for _, op := range specOps {
		assert.NotEmpty(t, named[op], "no method names the spec's %s", op)
	}
}

// receiver is the type name of a method's receiver.
func receiver(fn *ast.FuncDecl) string {
	expr := fn.Recv.List[0].Type
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
