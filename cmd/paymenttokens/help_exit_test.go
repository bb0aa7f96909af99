package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each command's help ends with its own exit statuses: the sandbox's and
// the probe's do not speak of failed tokens or differing files, and only
// the commands that compare speak of differing.
func TestEachCommandsHelpEndsWithItsOwnExitStatuses(t *testing.T) {
	for _, cmd := range commands {
		t.Run(cmd.name, func(t *testing.T) {
			r := runCLI(t, nil, cmd.name, "--help")
			require.Equal(t, exitOK, r.code, r.stderr)
			own := commandExits[cmd.name]
			require.NotEmpty(t, own, "commandExits has no exit statuses for %s", cmd.name)
			assert.True(t, strings.HasSuffix(r.stdout, "\n"+own+"\n"), "the help of %s ends with its exit statuses:\n%s", cmd.name, r.stdout)
			_, statuses, _ := strings.Cut(r.stdout, "\nExit status:")
			switch cmd.name {
			case "sandbox", "probe", "version", "export":
				assert.NotContains(t, statuses, "tokens failed", cmd.name)
				assert.NotContains(t, statuses, "file and the store differ", cmd.name)
			}
		})
	}
}

func TestDiffJSONSaysDifferWhenTheStoresDiffer(t *testing.T) {
	_, env, file := storeWithOneChanged(t, 2, 0)
	r := runCLI(t, env, "diff", file, "--json", "--rate", "0")
	require.Equal(t, exitFailed, r.code, r.stderr)
	assert.Equal(t, "differ", decodeDocument(t, r.stdout)["outcome"])
	r = runCLI(t, env, "import", file, "--json", "--rate", "0")
	require.Equal(t, exitFailed, r.code, r.stderr)
	assert.Equal(t, "failed", decodeDocument(t, r.stdout)["outcome"], "import's 1 stays failed")
}
