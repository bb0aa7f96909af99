package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNoCommandPrintsUsageAndExits2(t *testing.T) {
	r := runCLI(t, nil)
	assert.Equal(t, exitUsage, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "Usage: paymenttokens <command>")
}

func TestHelpGoesToStdoutAndExits0(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		r := runCLI(t, nil, args...)
		assert.Equal(t, exitOK, r.code, args)
		assert.Empty(t, r.stderr, args)
		for _, cmd := range commands {
			assert.Contains(t, r.stdout, "  "+cmd.name+" ", args)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range commands {
		for _, args := range [][]string{{cmd.name, "--help"}, {cmd.name, "-h"}, {"help", cmd.name}} {
			r := runCLI(t, nil, args...)
			assert.Equal(t, exitOK, r.code, args)
			assert.Empty(t, r.stderr, args)
			assert.Contains(t, r.stdout, "Usage: paymenttokens "+cmd.name, args)
			assert.Contains(t, r.stdout, "\n  --quiet\n", args)
			assert.Contains(t, r.stdout, "\n  --json\n", args)
			assert.NotRegexp(t, `(^|\s)-[a-z]{2,}`, r.stdout, "every long flag is spelled --name")
		}
	}
}

func TestUnknownCommandExits2(t *testing.T) {
	r := runCLI(t, nil, "upload", "x")
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "paymenttokens: unknown command \"upload\" (see 'paymenttokens help')\n", r.stderr)
}
