// Package docs_test runs the README's code blocks as written: the install
// steps in a module of its own that imports the library through a replace
// line, the Go blocks compiled there, and the shell blocks of the migration
// and its rehearsal against sandboxes served by the real command.
package docs_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// repoRoot is the clone's root, two folders up from this package.
var repoRoot, _ = filepath.Abs(filepath.Join("..", ".."))

// block is one fenced code block of a Markdown file.
type block struct {
	lang, text string
	line       int // of the opening fence
	after      string
}

// blocks returns the fenced code blocks of a Markdown file, each with the
// heading it comes under (after).
func blocks(t *testing.T, name string) []block {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, name))
	require.NoError(t, err)
	defer f.Close()
	var out []block
	var cur *block
	heading := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{lang: strings.TrimPrefix(line, "```"), line: n, after: heading}
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		case strings.HasPrefix(line, "#"):
			heading = strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "%s: a code block is not closed", name)
	return out
}

// find returns the README's blocks of one language under one heading.
func find(t *testing.T, all []block, lang, heading string) []block {
	t.Helper()
	var out []block
	for _, b := range all {
		if b.lang == lang && b.after == heading {
			out = append(out, b)
		}
	}
	require.NotEmpty(t, out, "README.md has no %s block under %q", lang, heading)
	return out
}

// Every block of the README is run by one of the tests below.
func TestEveryReadmeBlockIsCovered(t *testing.T) {
	covered := map[string]bool{
		"sh/The two commands": true, "sh/Install": true, "go/Quick start (library)": true,
		"ini/Migrating a store": true, "sh/Migrating a store": true, "sh/Rehearse on two sandboxes": true,
		"go/The sandbox in your own tests": true,
	}
	for _, b := range blocks(t, "README.md") {
		require.True(t, covered[b.lang+"/"+b.after], "README.md:%d: a %s block under %q that no test runs", b.line, b.lang, b.after)
	}
}

// The two commands, in the README and in CONTRIBUTING.md (whose only code
// block they are), name make targets that exist.
func TestTheTwoCommandsExist(t *testing.T) {
	makefile, err := os.ReadFile(filepath.Join(repoRoot, "Makefile"))
	require.NoError(t, err)
	contributing := blocks(t, "CONTRIBUTING.md")
	require.Len(t, contributing, 1)
	for _, b := range append(find(t, blocks(t, "README.md"), "sh", "The two commands"), contributing...) {
		for _, line := range commands(b) {
			target, ok := strings.CutPrefix(line, "make ")
			require.True(t, ok, "line %d: %q is not a make command", b.line, line)
			require.Contains(t, string(makefile), "\n"+target+":", "line %d: no make target %q", b.line, target)
		}
	}
}

// commands returns a shell block's command lines, without comments.
func commands(b block) []string {
	var out []string
	for _, line := range strings.Split(b.text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// goEnv is the environment of a go command run by a test: the module cache
// of this one, no workspace, no flags of the outer run.
func goEnv(extra ...string) []string {
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	return append(env, extra...)
}

// run runs a command in dir and fails the test with its output when it fails.
func run(t *testing.T, ctx context.Context, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s in %s:\n%s", name, strings.Join(args, " "), dir, out)
	return string(out)
}

// The install steps, run word for word in a new module beside a clone, make
// the quick start and the sandbox block compile there.
func TestInstallAndGoBlocksCompile(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	all := blocks(t, "README.md")
	root := t.TempDir()
	require.NoError(t, os.Symlink(repoRoot, filepath.Join(root, "paymenttokens")))
	app := filepath.Join(root, "app")
	require.NoError(t, os.Mkdir(app, 0o755))
	env := goEnv()
	run(t, ctx, app, env, "go", "mod", "init", "example.com/app")

	quick := find(t, all, "go", "Quick start (library)")[0]
	sb := find(t, all, "go", "The sandbox in your own tests")[0]
	program := fmt.Sprintf(`package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
	"github.com/shift4shop-go/paymenttokens/wrapper"
)

func quickStart(ctx context.Context) error {
%s	return nil
}

func sandboxTest() {
%s	_ = client
}

func main() {
	sandboxTest()
	if err := quickStart(context.Background()); err != nil {
		log.Fatal(err)
	}
	_ = errors.New
	_ = fmt.Sprint
	_ = os.Getenv
}
`, quick.text, sb.text)
	require.NoError(t, os.WriteFile(filepath.Join(app, "main.go"), []byte(program), 0o644))
	for _, b := range find(t, all, "sh", "Install") {
		run(t, ctx, app, env, "bash", "-euo", "pipefail", "-c", b.text)
	}
	run(t, ctx, app, env, "go", "vet", ".")
	run(t, ctx, app, env, "go", "build", "-o", filepath.Join(root, "app.bin"), ".")
}

// buildCommand builds paymenttokens into a folder of its own and returns
// its path and the environment that puts it first on PATH.
func buildCommand(t *testing.T, ctx context.Context) (path string, env []string) {
	t.Helper()
	bin := t.TempDir()
	path = filepath.Join(bin, "paymenttokens")
	run(t, ctx, repoRoot, goEnv(), "go", "build", "-o", path, "./cmd/paymenttokens")
	return path, append(goEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// serve starts a long-running command line of a shell block in dir and
// waits (bounded) until the env file it writes is complete.
func serve(t *testing.T, ctx context.Context, dir string, env []string, line, envFile string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "bash", "-c", "exec "+line)
	cmd.Dir, cmd.Env = dir, env
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	for range 200 {
		if data, err := os.ReadFile(filepath.Join(dir, envFile)); err == nil && strings.Count(string(data), "THREEDCART_") >= 4 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%q wrote no complete %s within 10 s", line, envFile)
}

// The rehearsal runs as written: two sandboxes, then the migration
// between them, ending with diff's exit 0.
func TestRehearsalRuns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, env := buildCommand(t, ctx)
	dir := t.TempDir()
	rehearsal := find(t, blocks(t, "README.md"), "sh", "Rehearse on two sandboxes")
	require.Len(t, rehearsal, 2, "the servers, then the migration")
	servers := commands(rehearsal[0])
	require.Len(t, servers, 2)
	serve(t, ctx, dir, env, servers[0], "old.env")
	serve(t, ctx, dir, env, servers[1], "new.env")
	out := run(t, ctx, dir, env, "bash", "-euo", "pipefail", "-c", rehearsal[1].text)
	require.Contains(t, out, "100 tokens")
}

// The migration of "Migrating a store" runs as written between two
// sandboxes (one seeded, with customers that moved to new ids), and its
// example env file is read by the command.
func TestMigrationRuns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, env := buildCommand(t, ctx)
	dir := t.TempDir()
	const seeded = 40 // within the client's burst: the run is not paced
	serve(t, ctx, dir, env, fmt.Sprintf("paymenttokens sandbox --seed %d --env-out old.env", seeded), "old.env")
	serve(t, ctx, dir, env, "paymenttokens sandbox --env-out new.env", "new.env")
	customers := "source_id,target_id\n"
	for i := range int32(seeded) {
		customers += fmt.Sprintf("%d,%d\n", sandbox.SampleToken(i+1).CustomerID, 5000+i)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "customers.csv"), []byte(customers), 0o600))
	all := blocks(t, "README.md")
	migration := find(t, all, "sh", "Migrating a store")
	require.Len(t, migration, 1)
	run(t, ctx, dir, env, "bash", "-euo", "pipefail", "-c", migration[0].text)

	// The example env file names a store this sandbox does not know: read
	// as written, it gets the API's 401 (exit 3), not a refusal of the file (exit 2).
	example := find(t, all, "ini", "Migrating a store")[0]
	path := filepath.Join(dir, "example.env")
	require.NoError(t, os.WriteFile(path, []byte(example.text), 0o600))
	newEnv, err := os.ReadFile(filepath.Join(dir, "new.env"))
	require.NoError(t, err)
	baseURL := ""
	for _, line := range strings.Split(string(newEnv), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimPrefix(line, "export "), "THREEDCART_BASE_URL="); ok {
			baseURL = strings.Trim(v, `"'`)
		}
	}
	require.NotEmpty(t, baseURL)
	cmd := exec.CommandContext(ctx, bin, "diff", "--env-file", path, "--base-url", baseURL, "tokens.jsonl")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "%s", out)
	require.Equal(t, 3, exit.ExitCode(), "%s", out)
	require.Contains(t, strings.ToLower(string(out)), "401", "%s", out)
}
