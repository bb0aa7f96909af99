package main

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionAndDashDashVersionPrintTheSameLine(t *testing.T) {
	r := runCLI(t, nil, "version")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "paymenttokens "), r.stdout)
	assert.Contains(t, r.stdout, runtime.Version())
	assert.Equal(t, r, runCLI(t, nil, "--version"))
}

func TestTheStampedVersionIsUsedWithoutAModuleVersion(t *testing.T) {
	stamped := version
	t.Cleanup(func() { version = stamped })
	version = "v1.2.3-4-gabcdef0-dirty"
	r := runCLI(t, nil, "version", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var v versionSummary
	lastJSON(t, r.stdout, &v)
	assert.Equal(t, "v1.2.3-4-gabcdef0-dirty", v.Version, "a test binary has no module version")
	assert.Equal(t, runtime.Version(), v.Go)
}
