package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shift4shop-go/paymenttokens/wrapper"
	"github.com/shift4shop-go/paymenttokens/wrapper/sandbox"
)

// snapshot reads everything under dir: each file's content, each symlink's
// target and each folder, by path relative to dir. Equal snapshots show
// that a run changed no byte and left no file behind.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			files[rel] = "symlink to " + target
			return err
		case d.IsDir():
			files[rel] = "folder"
		default:
			data, err := os.ReadFile(path)
			files[rel] = string(data)
			return err
		}
		return nil
	}))
	return files
}

// countedSandbox starts a sandbox seeded with tokens whose requests are
// given to fault (when not nil) and whose connections are counted. It
// returns the sandbox (its Stats count the requests by method), the
// environment pointing the command at it, and a function that waits until
// no request is being handled.
func countedSandbox(t *testing.T, fault sandbox.FaultFunc, tokens ...wrapper.PaymentToken) (*sandbox.Server, map[string]string, func()) {
	t.Helper()
	sb := newSandboxWith(t, sandbox.WithFaults(fault))
	t.Cleanup(sb.Close)
	sb.Seed(tokens...)
	baseURL, quiesce := serveCounted(t, sb)
	creds := sb.Credentials()
	env := map[string]string{envSecureURL: creds.SecureURL, envPrivateKey: creds.PrivateKey, envToken: creds.Token, envBaseURL: baseURL}
	return sb, env, quiesce
}
