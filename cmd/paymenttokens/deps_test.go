package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheClientPackageDoesNotImportTheCommandsDependencies keeps the
// progress bar, the terminal check and the migration tooling out of what a
// user of the client package compiles.
func TestTheClientPackageDoesNotImportTheCommandsDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, goTool, "list", "-deps", "github.com/shift4shop-go/paymenttokens/wrapper").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "golang.org/x/time/rate", "the listing works")
	for _, dep := range deps {
		for _, banned := range []string{
			"github.com/schollz/", "github.com/mitchellh/", "github.com/rivo/", "golang.org/x/term", "golang.org/x/sys/",
			"github.com/shift4shop-go/paymenttokens/cmd/", "github.com/shift4shop-go/paymenttokens/wrapper/migrate",
		} {
			assert.False(t, strings.HasPrefix(dep, banned), "the wrapper imports %s", dep)
		}
	}
}
