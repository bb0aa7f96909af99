package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
)

// readme is cmd/paymenttokens/README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	return string(data)
}

// helpFlags returns the flags a command's help lists ("--rate R",
// "-o, --output FILE"): its own and the common ones.
func helpFlags(t *testing.T, name string) (own, common []string) {
	t.Helper()
	r := runCLI(t, nil, name, "--help")
	require.Equal(t, exitOK, r.code, r.stderr)
	ownPart, commonPart, _ := strings.Cut(r.stdout, "\nCommon flags")
	flagLine := regexp.MustCompile(`(?m)^  (-.*)$`)
	for _, m := range flagLine.FindAllStringSubmatch(ownPart, -1) {
		own = append(own, m[1])
	}
	for _, m := range flagLine.FindAllStringSubmatch(commonPart, -1) {
		common = append(common, m[1])
	}
	return own, common
}

// tableFlags returns the flags in the first column of the tables of text,
// and for each the second column.
func tableFlags(text string) map[string]string {
	rows := regexp.MustCompile("(?m)^\\| `(-[^`]*)` \\| ([^|]*)\\|")
	flags := map[string]string{}
	for _, m := range rows.FindAllStringSubmatch(text, -1) {
		flags[m[1]] = strings.TrimSpace(m[2])
	}
	return flags
}

// readmeSection is the text under "### `name`" up to the next heading of that level or above.
func readmeSection(t *testing.T, doc, heading string) string {
	t.Helper()
	_, rest, found := strings.Cut(doc, "\n"+heading+"\n")
	require.True(t, found, "README.md has no %q", heading)
	if i := regexp.MustCompile(`(?m)^#{1,3} `).FindStringIndex(rest); i != nil {
		rest = rest[:i[0]]
	}
	return rest
}

func TestTheREADMEListsEveryFlagOfEveryCommandAndNoOther(t *testing.T) {
	doc := readme(t)
	commonTable := tableFlags(readmeSection(t, doc, "### Common flags"))
	for _, cmd := range commands {
		own, common := helpFlags(t, cmd.name)
		documented := tableFlags(readmeSection(t, doc, "### `"+cmd.name+"`"))
		var ownNames []string
		for f := range documented {
			ownNames = append(ownNames, f)
		}
		assert.ElementsMatch(t, own, ownNames, "the flags of %s: --help vs its README section", cmd.name)
		var commonNames []string
		for f, commandsColumn := range commonTable {
			if slices.Contains(strings.Split(commandsColumn, ", "), cmd.name) {
				commonNames = append(commonNames, f)
			}
		}
		assert.ElementsMatch(t, common, commonNames, "the common flags of %s: --help vs the README's table", cmd.name)
	}
	// Every --flag the README names anywhere is a flag of some command.
	known := map[string]bool{"--help": true, "--version": true, "--ignore-missing": true}
	for _, cmd := range commands {
		own, common := helpFlags(t, cmd.name)
		for _, f := range append(own, common...) {
			for _, name := range regexp.MustCompile(`--[a-z-]+`).FindAllString(f, -1) {
				known[name] = true
			}
		}
	}
	for _, name := range regexp.MustCompile("(?:^|[\\s`(])(--[a-z][a-z-]*)").FindAllStringSubmatch(doc, -1) {
		assert.True(t, known[name[1]], "README.md names %s, which no command has", name[1])
	}
}

// codeBlocks returns the code blocks of doc with the given info string,
// each with whether an HTML comment saying it runs in readme_test.go precedes it.
func codeBlocks(doc, info string) (blocks []string, runs []bool) {
	re := regexp.MustCompile("(?s)(<!-- readme_test.go runs [^>]*-->\\n)?```" + info + "\\n(.*?)```")
	for _, m := range re.FindAllStringSubmatch(doc, -1) {
		blocks = append(blocks, m[2])
		runs = append(runs, m[1] != "")
	}
	return blocks, runs
}

// commandLines returns the paymenttokens command lines of a shell block as
// arguments, without comments and pipes.
func commandLines(t *testing.T, block string) [][]string {
	t.Helper()
	var lines [][]string
	for _, line := range strings.Split(block, "\n") {
		line, _, _ = strings.Cut(line, " #")
		line, _, _ = strings.Cut(line, " |")
		fields := strings.Fields(line)
		if len(fields) == 0 || fields[0] != "paymenttokens" {
			continue
		}
		for _, f := range fields {
			require.NotContains(t, f, `"`, "quoting in a README command line: %s", line)
		}
		lines = append(lines, fields[1:])
	}
	return lines
}

func TestEveryCommandLineOfTheREADMEParses(t *testing.T) {
	blocks, _ := codeBlocks(readme(t), "sh")
	n := 0
	for _, block := range blocks {
		for _, args := range commandLines(t, block) {
			// Flags are parsed in order: a bad one fails before --help is reached.
			r := runCLI(t, nil, append(args, "--help")...)
			assert.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			n++
		}
	}
	assert.GreaterOrEqual(t, n, 9, "the README's command lines were found")
}

func TestEveryEnvFileOfTheREADMEReads(t *testing.T) {
	blocks, _ := codeBlocks(readme(t), "dotenv")
	require.NotEmpty(t, blocks)
	for _, block := range blocks {
		values, err := wrapper.ReadEnvFile(writeFile(t, "example.env", block))
		require.NoError(t, err)
		assert.Len(t, values, 3)
	}
}

func TestTheREADMEMigrationRunsBetweenTwoSandboxes(t *testing.T) {
	blocks, runs := codeBlocks(readme(t), "sh")
	i := slices.Index(runs, true)
	require.GreaterOrEqual(t, i, 0, "no block marked to run")
	source := seedTokens(6)
	for j := range source {
		source[j].CustomerID = int32(100 + j%3)
	}
	_, old := newSandbox(t, source...)
	target, newEnv := newSandbox(t)
	dir := t.TempDir()
	t.Chdir(dir)
	for name, env := range map[string]map[string]string{"old.env": old, "new.env": newEnv} {
		var b strings.Builder
		for _, k := range envNames {
			fmt.Fprintf(&b, "%s=%s\n", k, env[k])
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o600))
	}
	require.NoError(t, os.WriteFile("customers.csv", []byte("source_id,target_id\n100,7\n101,8\n102,9\n"), 0o600))
	lines := commandLines(t, blocks[i])
	require.Len(t, lines, 4)
	for _, args := range lines {
		r := runCLI(t, nil, append(args, "--rate", "0")...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
	}
	stored := target.Tokens()
	require.Len(t, stored, 6, "every token once")
	assert.True(t, slices.ContainsFunc(stored, func(tok wrapper.PaymentToken) bool { return tok.CustomerID == 9 }), "customer ids mapped")
}

// The rehearsal of the README runs line by line as written: the sandboxes
// of its first block, then each line of the second, which names its
// store with --env-file (the environment names none).
func TestTheREADMERehearsalRunsLineByLine(t *testing.T) {
	blocks, runs := codeBlocks(readmeSection(t, readme(t), "### Rehearsing on the sandbox"), "sh")
	require.Len(t, blocks, 2, "the sandboxes, then the commands")
	require.Equal(t, []bool{true, true}, runs)
	t.Chdir(t.TempDir())
	for _, args := range commandLines(t, blocks[0]) {
		require.Equal(t, "sandbox", args[0])
		_, stop := startSandbox(t, args[1:]...)
		t.Cleanup(func() { stop() })
	}
	lines := commandLines(t, blocks[1])
	require.Len(t, lines, 3)
	for _, args := range lines {
		require.Contains(t, args, "--env-file", "%v names no store", args)
		r := runCLI(t, nil, args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
	}
}
