package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is stamped by `make dist` (-ldflags -X main.version=...) from
// `git describe --tags --always --dirty`; the build info's module version,
// set by `go install ...@vX.Y.Z`, wins over it.
var version string

// versionSummary is what `paymenttokens version` reports.
type versionSummary struct {
	// Version is the module version (vX.Y.Z), else the stamped one, else "(devel)".
	Version string `json:"version"`
	// Revision is the VCS commit the binary was built from; empty when unknown.
	Revision string `json:"revision,omitempty"`
	// Time is the commit's time (RFC 3339); empty when unknown.
	Time string `json:"time,omitempty"`
	// Modified is true when the tree had uncommitted changes.
	Modified bool `json:"modified"`
	// Go is the Go version that built the binary.
	Go string `json:"go"`
}

// buildVersion reads the binary's build info.
func buildVersion() versionSummary {
	v := versionSummary{Version: "(devel)", Go: runtime.Version()}
	if version != "" {
		v.Version = version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if mv := info.Main.Version; mv != "" && mv != "(devel)" {
		v.Version = mv
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func (v versionSummary) printText(c *cli) {
	line := "paymenttokens " + v.Version
	if v.Revision != "" {
		line += " (" + v.Revision
		if v.Modified {
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
