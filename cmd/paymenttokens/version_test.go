package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
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

func TestTheStampedVersionWinsAndModifiedIsSaidOnlyWhenRecorded(t *testing.T) {
	built := &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260101120000-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-01-01T12:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	v := versionOf("v1.2.3-4-g0123456-dirty", built)
	assert.Equal(t, "v1.2.3-4-g0123456-dirty", v.Version, "make install's and make dist's git describe wins")
	require.NotNil(t, v.Modified)
	assert.True(t, *v.Modified)
	assert.Equal(t, "0123456789abcdef", v.Revision)

	v = versionOf("", built)
	assert.Equal(t, "v0.0.0-20260101120000-0123456789ab+dirty", v.Version, "go build's version from the clone")

	v = versionOf("", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}})
	assert.Equal(t, "(devel)", v.Version)
	assert.Nil(t, v.Modified, "nothing recorded: not said")
	doc, err := json.Marshal(v)
	require.NoError(t, err)
	assert.NotContains(t, string(doc), "modified")

	clean := versionOf("", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "false"}}})
	require.NotNil(t, clean.Modified)
	assert.False(t, *clean.Modified)
	assert.Equal(t, "(devel)", versionOf("", nil).Version)
}
