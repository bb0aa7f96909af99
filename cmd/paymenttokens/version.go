package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is stamped by `make install` and `make dist` (-ldflags
// -X main.version=...) from `git describe --tags --always --dirty`, and
// wins over the build info's module version: the one `go install
// ...@version` sets, or the one go build (Go 1.24 and later) derives from
// the clone's tags and commit (a tag, else a pseudo-version such as
// v0.0.0-20260101120000-0123456789ab, with +dirty for a modified tree).
var version string

// versionSummary is what `paymenttokens version` reports.
type versionSummary struct {
	// Version is the stamped one, else the module version, else "(devel)".
	Version string `json:"version"`
	// Revision is the VCS commit the binary was built from; empty when unknown.
	Revision string `json:"revision,omitempty"`
	// Time is the commit's time (RFC 3339); empty when unknown.
	Time string `json:"time,omitempty"`
	// Modified tells whether the tree had uncommitted changes; nil (absent
	// from the JSON) when the build did not record it.
	Modified *bool `json:"modified,omitempty"`
	// Go is the Go version that built the binary.
	Go string `json:"go"`
}

// buildVersion reads the binary's build info.
func buildVersion() versionSummary {
	info, _ := debug.ReadBuildInfo()
	return versionOf(version, info)
}

// versionOf is the version of a binary stamped with stamped (may be
// empty) whose build info is info (nil when it has none).
func versionOf(stamped string, info *debug.BuildInfo) versionSummary {
	v := versionSummary{Version: "(devel)", Go: runtime.Version()}
	if info != nil {
		if mv := info.Main.Version; mv != "" {
			v.Version = mv
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				modified := s.Value == "true"
				v.Modified = &modified
			}
		}
	}
	if stamped != "" {
		v.Version = stamped
	}
	return v
}

func (v versionSummary) printText(c *cli) {
	line := "paymenttokens " + v.Version
	if v.Revision != "" {
		line += " (" + v.Revision
		if v.Modified != nil && *v.Modified {
			line += ", modified"
		}
		line += ")"
	}
	fmt.Fprintf(c.io.out, "%s %s %s/%s\n", line, v.Go, runtime.GOOS, runtime.GOARCH)
}

func runVersion(c *cli, args []string) error {
	fs := c.newFlags("version", "", "Prints the version, the commit the binary was built from (and whether its tree was modified),\n"+
		"and the Go version. 'paymenttokens --version' is the same.")
	if _, err := c.parse(fs, args, 0, 0, ""); err != nil {
		return err
	}
	c.report(buildVersion())
	return nil
}
